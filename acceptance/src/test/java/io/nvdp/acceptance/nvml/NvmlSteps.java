package io.nvdp.acceptance.nvml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nvdp.acceptance.PluginProcess;
import io.cucumber.java.After;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.nvdp.adapters.grpc.api.v1beta1.Device;
import io.nvdp.domain.model.Gpu;
import io.nvdp.domain.model.Node;
import io.nvdp.simulator.fakenvml.FakeNvmlNode;
import io.nvdp.simulator.inventory.SimulatedGpuInventory;
import io.nvdp.simulator.kubelet.KubeletEmulator;
import io.nvdp.simulator.profile.NodeProfiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Steps for the NVML-only scenarios: the daemon runs with {@code --device-discovery-strategy=nvml}
 * on the fake libnvidia-ml.so.1 in every tier, so these steps set up the fake, the daemon and the
 * kubelet themselves. Cucumber shares no state between step classes without a DI container, so
 * nothing here relies on {@code PluginSteps}; the phrases all name NVML to stay apart from its own.
 */
public class NvmlSteps {
    private static final Duration SETTLE = Duration.ofSeconds(20);
    private static final String GPU = "nvidia.com/gpu";

    private Path dir;
    private Node node;
    private Path control;
    private final Map<String, String> env = new LinkedHashMap<>();
    private KubeletEmulator kubelet;
    private PluginProcess plugin;

    @After("@nvml-only")
    public void stopEverything() throws Exception {
        if (plugin != null) {
            plugin.close();
        }
        if (kubelet != null) {
            kubelet.close();
        }
        if (dir != null) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    // ---- Given ----

    @Given("the fake NVML library shows the node {string}")
    public void theFakeNvmlLibraryShowsTheNode(String profile) throws IOException {
        dir = Files.createTempDirectory(Path.of("/tmp"), "nvdp-nvml-");
        node = new SimulatedGpuInventory(NodeProfiles.load(profile)).discover();
        FakeNvmlNode.FakeNvmlFiles files = FakeNvmlNode.write(NodeProfiles.load(profile), dir.resolve("fake-nvml"));
        control = Files.writeString(dir.resolve("fake-nvml-control"), "");
        env.put("FAKE_NVML_NODE", files.nodeFile().toString());
        env.put("FAKE_NVML_CONTROL", control.toString());
        env.put("NVDP_HOST_SYS_ROOT", files.sysRoot().toString());
        env.put("NVDP_HOST_PROC_ROOT", files.procRoot().toString());
    }

    @Given("the NVML plugin's environment variable {string} is {string}")
    public void theNvmlPluginsEnvironmentVariable(String name, String value) {
        env.put(name, value);
    }

    // ---- When ----

    @When("the plugin starts on the fake NVML library")
    public void thePluginStartsOnTheFakeNvmlLibrary() throws IOException {
        assertThat(dir).as("a fake NVML node was set up").isNotNull();
        kubelet = KubeletEmulator.start(dir);
        plugin = PluginProcess.start(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"), List.of(
                "--kubelet-socket=" + dir.resolve(KubeletEmulator.SOCKET_NAME),
                "--device-discovery-strategy=nvml",
                "--nvml-library=" + fakeLibrary()), env, dir);
    }

    @When("the fake NVML library reports Xid {int} on GPU {int}")
    public void theFakeNvmlLibraryReportsXid(int xid, int gpu) throws IOException, TimeoutException {
        // Health events are watched before the resources register, so the Xid reaches an event set.
        awaitDevices(list -> !list.isEmpty(), SETTLE);
        Files.writeString(control, "xid " + gpu + " " + xid + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    // ---- Then ----

    @Then("for {int} second(s) every GPU the NVML plugin advertises stays healthy")
    public void everyGpuStaysHealthy(int seconds) {
        int gpus = node.gpus().size();
        await().during(Duration.ofSeconds(seconds)).atMost(Duration.ofSeconds(seconds + 2)).until(() -> {
            List<Device> devices = kubelet.devices(GPU);
            return devices.size() == gpus && devices.stream().allMatch(d -> d.getHealth().equals("Healthy"));
        });
        assertThat(plugin.isAlive()).as("the plugin is still running").isTrue();
    }

    @Then("within {int} second(s) GPU {int} advertised by the NVML plugin is unhealthy and every other GPU is healthy")
    public void gpuIsUnhealthy(int seconds, int gpu) throws TimeoutException {
        String uuid = node.gpus().stream().filter(g -> g.index() == gpu).map(Gpu::uuid).findFirst()
                .orElseThrow(() -> new AssertionError("the node has no GPU " + gpu));
        List<Device> devices = awaitDevices(list -> list.stream()
                .anyMatch(d -> d.getID().equals(uuid) && d.getHealth().equals("Unhealthy")), Duration.ofSeconds(seconds));
        assertThat(devices).allSatisfy(d -> assertThat(d.getHealth())
                .isEqualTo(d.getID().equals(uuid) ? "Unhealthy" : "Healthy"));
    }

    @Then("the NVML plugin's log says {string}")
    public void theNvmlPluginsLogSays(String text) {
        await().atMost(SETTLE).until(() -> plugin.stderr().contains(text));
    }

    // ---- helpers ----

    private List<Device> awaitDevices(java.util.function.Predicate<List<Device>> condition, Duration timeout)
            throws TimeoutException {
        try {
            return kubelet.awaitDevices(GPU, condition, timeout);
        } catch (TimeoutException e) {
            throw new AssertionError(e.getMessage() + "\nplugin log:\n" + log(), e);
        }
    }

    private String log() {
        try {
            return plugin == null ? "" : plugin.stderr();
        } catch (IOException e) {
            return e.toString();
        }
    }


    /** The tier's property when set, else where adapters-nvml builds it (surefire runs in the module dir). */
    private static Path fakeLibrary() {
        Path library = Path.of(System.getProperty("nvdp.fakeNvml", "../adapters-nvml/target/fake-nvml/libnvidia-ml.so.1"))
                .toAbsolutePath().normalize();
        if (!Files.isRegularFile(library)) {
            throw new IllegalStateException("the fake libnvidia-ml.so.1 is missing: " + library
                    + " (build adapters-nvml first)");
        }
        return library;
    }
}

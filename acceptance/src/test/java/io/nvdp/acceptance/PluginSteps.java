package io.nvdp.acceptance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cucumber.java.After;
import io.cucumber.java.Before;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.grpc.StatusRuntimeException;
import io.nvdp.adapters.grpc.api.v1beta1.AllocateResponse;
import io.nvdp.adapters.grpc.api.v1beta1.ContainerAllocateResponse;
import io.nvdp.adapters.grpc.api.v1beta1.Device;
import io.nvdp.domain.model.Gpu;
import io.nvdp.simulator.kubelet.KubeletEmulator;
import io.nvdp.simulator.profile.NodeProfiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The operator's vocabulary of the feature files, run against the real daemon and the kubelet emulator. */
public class PluginSteps {
    private static final Duration SETTLE = Duration.ofSeconds(20);
    private static final Duration EXIT = Duration.ofSeconds(30);

    private final NodeTier tier = NodeTier.current();
    private Path dir;
    private String node;
    private Path configFile;
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<String> flags = new ArrayList<>();
    private boolean kubeletRunning = true;
    private KubeletEmulator kubelet;
    private PluginProcess plugin;
    private NodeTier.Faults faults;
    private final Set<String> assertedResources = new HashSet<>();
    private final Map<String, Object> socketKeys = new HashMap<>();
    private AllocateResponse allocation;
    private List<String> allocatedIds = List.of();
    private StatusRuntimeException allocationError;
    private List<String> jvmOptions = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    private CdiSpecFiles cdi;

    @Before
    public void createWorkDirectory() throws IOException {
        dir = Files.createTempDirectory(Path.of("/tmp"), "nvdp-at-");
        cdi = new CdiSpecFiles(dir);
    }

    @After
    public void stopEverything() throws Exception {
        if (plugin != null) {
            plugin.close();
        }
        if (kubelet != null) {
            kubelet.close();
        }
        if (faults != null) {
            faults.close();
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    // ---- Given ----

    @Given("a simulated node {string}")
    public void aSimulatedNode(String name) {
        this.node = name;
    }

    @Given("the config file:")
    public void theConfigFile(String content) throws IOException {
        configFile = dir.resolve("config.yaml");
        Files.writeString(configFile, content, StandardCharsets.UTF_8);
        flags.add("--config-file=" + configFile);
    }

    @Given("the environment variable {string} is {string}")
    public void theEnvironmentVariable(String name, String value) {
        env.put(name, value);
    }

    @Given("the flag {string}")
    public void theFlag(String flag) {
        flags.add(flag);
    }

    @Given("the node's file {string} contains {string}")
    public void theNodesFileContains(String path, String content) throws IOException {
        Path file = hostRoot().resolve(path.substring(1));
        Files.createDirectories(file.getParent());
        Files.writeString(file, content + "\n", StandardCharsets.UTF_8);
    }

    @Given("the node has no Tegra marker files")
    public void theNodeHasNoTegraMarkerFiles() throws IOException {
        hostRoot();
    }

    @Given("libnvidia-ml.so.1 cannot be loaded")
    public void libnvidiaMlCannotBeLoaded() {
        flags.add("--nvml-library=" + dir.resolve("no-driver/libnvidia-ml.so.1"));
    }

    @Given("libnvidia-ml.so.1 is the fake NVML library showing the node {string}")
    public void libnvidiaMlIsTheFakeNvmlLibrary(String profile) {
        // The fake tier's files and library, without its choice of strategy.
        NodeTier.Launch fake = new FakeNvmlTier().launch(profile, dir);
        fake.args().stream().filter(a -> a.startsWith("--nvml-library=")).forEach(flags::add);
        env.putAll(fake.env());
    }

    @Given("the plugin runs with the image's JVM options")
    public void thePluginRunsWithTheImagesJvmOptions() {
        jvmOptions = PluginProcess.IMAGE_JVM_OPTIONS;
    }

    @Given("no kubelet is running yet")
    public void noKubeletIsRunningYet() {
        kubeletRunning = false;
    }

    // ---- When ----

    @When("the plugin starts")
    public void thePluginStarts() throws IOException {
        if (kubeletRunning) {
            kubelet = KubeletEmulator.start(dir);
        }
        List<String> args = new ArrayList<>();
        args.add("--kubelet-socket=" + dir.resolve(KubeletEmulator.SOCKET_NAME));
        // Without a simulated node the scenario describes the host itself (platform detection).
        NodeTier.Launch launch = node == null ? new NodeTier.Launch(List.of(), Map.of(), null) : tier.launch(node, dir);
        args.addAll(launch.args());
        args.addAll(cdiArgs());
        args.addAll(flags);
        Map<String, String> environment = new LinkedHashMap<>(launch.env());
        environment.putAll(env);
        faults = launch.faults();
        plugin = PluginProcess.start(jvmOptions, args, environment, dir);
    }

    @When("the kubelet starts")
    public void theKubeletStarts() throws IOException {
        kubelet = KubeletEmulator.start(dir);
    }

    @When("a pod requests {int} {string}")
    public void aPodRequests(int count, String resource) throws TimeoutException {
        List<Device> devices = awaitDevices(resource, list -> list.size() >= count);
        List<String> available = devices.stream().filter(d -> d.getHealth().equals("Healthy")).map(Device::getID).toList();
        allocation = null;
        allocationError = null;
        try {
            List<String> preferred = kubelet.preferredAllocation(resource, available, List.of(), count)
                    .getContainerResponses(0).getDeviceIDsList();
            List<String> chosen = preferred.isEmpty() ? available.subList(0, count) : preferred;
            assertThat(chosen).hasSize(count);
            allocatedIds = chosen;
            allocation = kubelet.allocate(resource, List.of(chosen));
        } catch (StatusRuntimeException e) {
            allocationError = e;
        }
    }

    @When("the config file is changed to:")
    public void theConfigFileIsChangedTo(String content) throws IOException {
        rememberSockets();
        // Replace atomically, as an editor or the config manager would.
        Path next = dir.resolve("config.yaml.next");
        Files.writeString(next, content, StandardCharsets.UTF_8);
        Files.move(next, configFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @When("the plugin receives SIGHUP")
    public void thePluginReceivesSighup() throws IOException, InterruptedException {
        plugin.signal("HUP");
    }

    @When("GPU {int} reports Xid {int}")
    public void gpuReportsXid(int gpu, int xid) {
        awaitAnyRegistration();
        faults.xid(gpu, xid);
    }

    @When("GPU {int} is lost")
    public void gpuIsLost(int gpu) {
        awaitAnyRegistration();
        faults.lose(gpu);
    }

    // ---- Then: what the kubelet sees ----

    @Then("the kubelet sees {string} with capacity {int}")
    public void theKubeletSeesWithCapacity(String resource, int capacity) throws TimeoutException {
        assertedResources.add(resource);
        if (capacity == 0) {
            // A retired resource: its last list was empty, and its stream may already have ended.
            await().atMost(SETTLE).until(() -> kubelet.deviceUpdates(resource) > 0 && kubelet.devices(resource).isEmpty());
            return;
        }
        awaitDevices(resource, list -> list.size() == capacity);
    }

    @Then("the kubelet sees {string}")
    public void theKubeletSees(String resource) throws TimeoutException {
        assertedResources.add(resource);
        awaitDevices(resource, list -> !list.isEmpty());
    }

    @Then("the kubelet sees no other resource")
    public void theKubeletSeesNoOtherResource() {
        assertThat(registeredResources()).isSubsetOf(assertedResources);
    }

    @Then("the kubelet does not see {string}")
    public void theKubeletDoesNotSee(String resource) {
        assertThat(registeredResources()).doesNotContain(resource);
    }

    @Then("the kubelet sees no resource")
    public void theKubeletSeesNoResource() {
        assertThat(registeredResources()).isEmpty();
    }

    @Then("after each of {int} kubelet restarts every resource is registered again within {int} second(s) with its devices intact")
    public void afterEachKubeletRestart(int restarts, int seconds) throws Exception {
        awaitAnyRegistration();
        // Let the first registrations of every resource land before counting.
        await().atMost(SETTLE).until(() -> registeredResources().size() == pluginSockets().size());
        Map<String, Integer> capacities = new HashMap<>();
        for (String r : registeredResources()) {
            capacities.put(r, awaitDevices(r, list -> !list.isEmpty()).size());
        }
        assertThat(capacities).isNotEmpty();
        for (int i = 1; i <= restarts; i++) {
            Map<String, Integer> before = new HashMap<>();
            capacities.keySet().forEach(r -> before.put(r, kubelet.registrationCount(r)));
            kubelet.restart();
            for (Map.Entry<String, Integer> e : capacities.entrySet()) {
                String r = e.getKey();
                kubelet.awaitRegistrations(r, before.get(r) + 1, Duration.ofSeconds(seconds));
                kubelet.awaitDevices(r, list -> list.size() == e.getValue(), Duration.ofSeconds(seconds));
            }
        }
    }

    @Then("the resource {string} kept serving on the same socket without registering again")
    public void theResourceKeptServing(String resource) throws IOException {
        assertThat(kubelet.registrationCount(resource)).isEqualTo(1);
        Path socket = dir.resolve("nvidia-" + resource.substring(resource.indexOf('/') + 1) + ".sock");
        assertThat(Files.readAttributes(socket, "unix:ino")).isEqualTo(socketKeys.get(socket.toString()));
    }

    // ---- Then: the container ----

    @Then("the allocation fails with {string}")
    public void theAllocationFailsWith(String message) {
        assertThat(allocationError).as("the allocation failed").isNotNull();
        assertThat(allocationError.getStatus().getDescription()).isEqualTo(message);
    }

    @Then("the container's environment has {string} matching {string}")
    public void theEnvironmentHasMatching(String name, String regex) {
        assertThat(container().getEnvsMap()).containsKey(name);
        assertThat(container().getEnvsMap().get(name)).matches(regex);
    }

    @Then("the container's environment has {string} = {string}")
    public void theEnvironmentHas(String name, String value) {
        assertThat(container().getEnvsMap()).containsEntry(name, value);
    }

    @Then("the container has no mounts")
    public void theContainerHasNoMounts() {
        assertThat(container().getMountsList()).isEmpty();
    }

    @Then("the container has no device specs")
    public void theContainerHasNoDeviceSpecs() {
        assertThat(container().getDevicesList()).isEmpty();
    }

    @Then("the container has a mount of {string} at a path matching {string}")
    public void theContainerHasAMount(String hostPath, String containerPathRegex) {
        assertThat(container().getMountsList()).anySatisfy(m -> {
            assertThat(m.getHostPath()).isEqualTo(hostPath);
            assertThat(m.getContainerPath()).matches(containerPathRegex);
        });
    }

    @Then("the container has an annotation named like {string} with a value matching {string}")
    public void theContainerHasAnAnnotation(String keyRegex, String valueRegex) {
        assertThat(container().getAnnotationsMap()).anySatisfy((k, v) -> {
            assertThat(k).matches(keyRegex);
            assertThat(v).matches(valueRegex);
        });
    }

    @Then("the container has a device spec matching {string} from a host path matching {string} with permissions {string}")
    public void theContainerHasADeviceSpec(String containerRegex, String hostRegex, String permissions) {
        assertThat(container().getDevicesList()).anySatisfy(d -> {
            assertThat(d.getContainerPath()).matches(containerRegex);
            assertThat(d.getHostPath()).matches(hostRegex);
            assertThat(d.getPermissions()).isEqualTo(permissions);
        });
    }

    // ---- Then: the process ----

    @Then("the plugin exits with code {int}")
    public void thePluginExitsWithCode(int code) throws InterruptedException {
        assertThat(plugin.awaitExit(EXIT)).as("exit code").isEqualTo(code);
    }

    @Then("the error output contains {string}")
    public void theErrorOutputContains(String text) throws IOException {
        assertThat(plugin.stderr()).contains(text);
    }

    @Then("the error output shows the one-line message {string} and no stack trace")
    public void theErrorOutputShowsTheOneLineMessage(String text) throws IOException {
        String stderr = plugin.stderr();
        // <work> stands for the scenario's own directory, for messages that name a path in it.
        String message = text.replace("<work>", dir.toString());
        assertThat(stderr.lines().filter(l -> l.contains(message))).as("lines with the message").hasSize(1);
        assertThat(stderr).doesNotContain("\tat ").doesNotContain("Exception");
    }

    @Then("no device plugin socket is left behind")
    public void noDevicePluginSocketIsLeftBehind() throws IOException {
        assertThat(pluginSockets()).isEmpty();
    }

    @Then("the plugin is still running")
    public void thePluginIsStillRunning() throws IOException {
        assertThat(plugin.isAlive()).as("the plugin is still running").isTrue();
        assertThat(plugin.stderr()).doesNotContain("\tat ").doesNotContain("Exception");
    }

    /**
     * Runs the plugin a second time, on the same node with {@code content} as its config file, and
     * compares the {@code Running with config:} JSON both runs logged.
     */
    @Then("the running config is the same as with the config file:")
    public void theRunningConfigIsTheSameAsWith(String content) throws Exception {
        String running = awaitRunningConfig(plugin);
        Path otherDir = Files.createDirectories(dir.resolve("other"));
        Path otherConfig = Files.writeString(otherDir.resolve("config.yaml"), content, StandardCharsets.UTF_8);
        List<String> args = new ArrayList<>(List.of("--kubelet-socket=" + otherDir.resolve(KubeletEmulator.SOCKET_NAME),
                "--config-file=" + otherConfig));
        NodeTier.Launch launch = tier.launch(node, otherDir);
        args.addAll(launch.args());
        args.addAll(cdiArgs());
        flags.stream().filter(f -> !f.startsWith("--config-file=")).forEach(args::add);
        try (PluginProcess other = PluginProcess.start(jvmOptions, args, launch.env(), otherDir)) {
            assertThat(awaitRunningConfig(other)).isEqualTo(running);
        } finally {
            launch.faults().close();
        }
    }

    /**
     * Every simulated node has a (simulated) driver root and a spec directory of its own, for the
     * cdi-* strategies; a scenario without a simulated node describes the host itself.
     */
    private List<String> cdiArgs() throws IOException {
        List<String> args = new ArrayList<>();
        if (node == null) {
            return args;
        }
        if (flags.stream().noneMatch(f -> f.startsWith("--container-driver-root="))) {
            cdi.ensureDriverRoot(NodeProfiles.load(node).gpus());
            args.add("--container-driver-root=" + cdi.driverRoot());
        }
        if (flags.stream().noneMatch(f -> f.startsWith("--cdi-spec-dir="))) {
            args.add("--cdi-spec-dir=" + cdi.specDir());
        }
        return args;
    }

    private static String awaitRunningConfig(PluginProcess process) {
        String marker = "Running with config:\n";
        await().atMost(SETTLE).until(() -> {
            String log = process.stderr();
            int start = log.indexOf(marker);
            return start >= 0 && log.indexOf("\n}\n", start) > 0;
        });
        String log;
        try {
            log = process.stderr();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        int start = log.indexOf(marker) + marker.length();
        return log.substring(start, log.indexOf("\n}\n", start) + 2);
    }

    @Then("the plugin keeps running without any device plugin socket")
    public void thePluginKeepsRunningWithoutSockets() throws IOException {
        await().atMost(SETTLE).until(() -> plugin.stderr().contains("Waiting indefinitely") || !plugin.isAlive());
        assertThat(plugin.isAlive()).as("the plugin is still running").isTrue();
        assertThat(pluginSockets()).isEmpty();
    }

    @Then("the log says {string}")
    public void theLogSays(String text) {
        await().atMost(SETTLE).until(() -> plugin.stderr().contains(text));
    }

    // ---- Then: health ----

    @Then("within {int} second(s) the {int} replicas of GPU {int} are unhealthy and every other device is healthy")
    public void replicasOfGpuAreUnhealthy(int seconds, int replicas, int gpu) throws TimeoutException {
        String uuid = gpuUuid(gpu);
        List<Device> devices = kubelet.awaitDevices("nvidia.com/gpu",
                list -> list.stream().filter(d -> d.getHealth().equals("Unhealthy")).count() == replicas,
                Duration.ofSeconds(seconds));
        assertThat(devices).allSatisfy(d -> assertThat(d.getHealth())
                .isEqualTo(d.getID().startsWith(uuid + "::") ? "Unhealthy" : "Healthy"));
    }

    @Then("within {int} second(s) every device of {string} is healthy")
    public void everyDeviceIsHealthy(int seconds, String resource) throws TimeoutException {
        kubelet.awaitDevices(resource, list -> list.stream().allMatch(d -> d.getHealth().equals("Healthy")),
                Duration.ofSeconds(seconds));
    }

    @Then("for {int} second(s) every device of {string} stays healthy")
    public void everyDeviceStaysHealthy(int seconds, String resource) {
        await().during(Duration.ofSeconds(seconds)).atMost(Duration.ofSeconds(seconds + 2)).until(() ->
                kubelet.devices(resource).stream().allMatch(d -> d.getHealth().equals("Healthy")));
    }

    @Then("within {int} second(s) GPU {int} is unhealthy")
    public void gpuIsUnhealthy(int seconds, int gpu) throws TimeoutException {
        String uuid = gpuUuid(gpu);
        kubelet.awaitDevices("nvidia.com/gpu", list -> list.stream()
                .anyMatch(d -> d.getID().equals(uuid) && d.getHealth().equals("Unhealthy")), Duration.ofSeconds(seconds));
    }

    @Then("a preferred allocation of {int} {string} from all devices succeeds without GPU {int}")
    public void aPreferredAllocationSucceedsWithout(int size, String resource, int gpu) {
        List<String> all = kubelet.devices(resource).stream().map(Device::getID).toList();
        List<String> preferred = kubelet.preferredAllocation(resource, all, List.of(), size)
                .getContainerResponses(0).getDeviceIDsList();
        assertThat(preferred).hasSize(size).doesNotContain(gpuUuid(gpu));
    }

    // ---- CDI ----

    @Given("the simulated driver root has no {string}")
    public void theDriverRootHasNo(String path) throws IOException {
        cdi.ensureDriverRoot(NodeProfiles.load(node).gpus());
        Files.delete(cdi.driverRoot().resolve(path));
    }

    @Given("the CDI spec directory is a file")
    public void theSpecDirectoryIsAFile() throws IOException {
        Files.writeString(cdi.specDir(), "not a directory\n");
    }

    @When("pods request {int} {string} until the answer names CDI devices")
    public void podsRequestUntilCdi(int count, String resource) {
        await().atMost(SETTLE).until(() -> {
            aPodRequests(count, resource);
            if (allocation == null) {
                return false;
            }
            ContainerAllocateResponse answer = allocation.getContainerResponses(0);
            return !CdiSpecFiles.names(answer.getAnnotationsMap(),
                    answer.getCdiDevicesList().stream().map(d -> d.getName()).toList()).isEmpty();
        });
    }

    @Then("every CDI name the container got is a device of the written spec with exactly its device nodes")
    public void everyCdiNameResolves() {
        List<String> names = CdiSpecFiles.names(container().getAnnotationsMap(),
                container().getCdiDevicesList().stream().map(d -> d.getName()).toList());
        List<Gpu> gpus = tier.gpus(node);
        boolean byIndex = names.stream().noneMatch(n -> n.contains("=GPU-") || n.contains("=MIG-"));
        cdi.assertResolve(names, allocatedIds, gpus, id -> byIndex ? CdiSpecFiles.indexOf(id, gpus)
                : id.contains("::") ? id.substring(0, id.indexOf("::")) : id);
    }

    @Then("the CDI spec directory holds the plugin's spec {string}")
    public void theSpecDirectoryHolds(String file) {
        await().atMost(SETTLE).until(() -> cdi.ourSpecFiles().equals(List.of(file)));
    }

    @Then("the CDI spec directory holds no spec of the plugin")
    public void theSpecDirectoryHoldsNone() {
        await().atMost(SETTLE).until(() -> cdi.ourSpecFiles().isEmpty());
    }

    // ---- helpers ----

    /** The host root platform detection looks under, created on first use. */
    private Path hostRoot() throws IOException {
        Path root = dir.resolve("host");
        Files.createDirectories(root);
        env.put("NVDP_HOST_ROOT", root.toString());
        return root;
    }

    private ContainerAllocateResponse container() {
        assertThat(allocationError).as("allocation error").isNull();
        assertThat(allocation).as("an allocation was made").isNotNull();
        return allocation.getContainerResponses(0);
    }

    private List<Device> awaitDevices(String resource, java.util.function.Predicate<List<Device>> condition)
            throws TimeoutException {
        assertThat(kubelet).as("a kubelet is running").isNotNull();
        try {
            return kubelet.awaitDevices(resource, condition, SETTLE);
        } catch (TimeoutException e) {
            throw new AssertionError(e.getMessage() + "\nplugin log:\n" + log(), e);
        }
    }

    private void awaitAnyRegistration() {
        await().atMost(SETTLE).until(() -> !kubelet.registrations().isEmpty());
    }

    private Set<String> registeredResources() {
        return kubelet.registrations().stream().map(r -> r.getResourceName()).collect(Collectors.toSet());
    }

    private List<Path> pluginSockets() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().matches("nvidia-.*\\.sock")).toList();
        }
    }

    private void rememberSockets() throws IOException {
        for (Path socket : pluginSockets()) {
            socketKeys.put(socket.toString(), Files.readAttributes(socket, "unix:ino"));
        }
    }

    private String gpuUuid(int index) {
        return tier.gpus(node).stream().filter(g -> g.index() == index).map(Gpu::uuid).findFirst()
                .orElseThrow(() -> new AssertionError("node " + node + " has no GPU " + index));
    }

    private String log() {
        try {
            return plugin == null ? "" : plugin.stderr();
        } catch (IOException e) {
            return e.toString();
        }
    }
}

package io.nvdp.acceptance.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nvdp.acceptance.PluginProcess;
import io.nvdp.adapters.grpc.api.v1beta1.AllocateResponse;
import io.nvdp.adapters.grpc.api.v1beta1.Device;
import io.nvdp.simulator.kubelet.KubeletEmulator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The built image, started by its own entrypoint inside its unpacked root (see {@link ImageBundle}),
 * against the kubelet emulator: it registers, advertises the simulated node, answers an Allocate,
 * reloads on SIGHUP and stops on SIGTERM with exit 0, under the name {@code nvidia-device-plugin},
 * with the image's AOT cache accepted by the JVM. {@code scripts/image-smoke} builds the bundle and
 * runs this class with {@code -Dnvdp.image.bundle=<dir>}; other builds have no image to start.
 */
@EnabledIfSystemProperty(named = "nvdp.image.bundle", matches = ".+",
        disabledReason = "needs an unpacked image: scripts/image-smoke runs it")
class ImageSmokeTest {
    private static final String RESOURCE = "nvidia.com/gpu";
    private static final Duration GENEROUS = Duration.ofSeconds(90);
    /** What the JVM logs when it cannot use an AOT cache or CDS archive (a mismatch, a missing file). */
    private static final Pattern AOT_TROUBLE = Pattern.compile("\\[(warning|error)\\]\\[(aot|cds)[^\\]]*\\].*");

    private ImageBundle image;
    private Path dir;
    private Path kubeletDir;
    private KubeletEmulator kubelet;
    private Process container;

    @BeforeEach
    void setUp() throws IOException {
        image = ImageBundle.read(Path.of(System.getProperty("nvdp.image.bundle")));
        dir = Files.createTempDirectory(Path.of("/tmp"), "nvdp-image-smoke");
        kubeletDir = Files.createDirectories(dir.resolve("device-plugins"));
        kubelet = KubeletEmulator.start(kubeletDir);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (container != null && container.isAlive()) {
            container.destroyForcibly().waitFor();
        }
        kubelet.close();
        PluginProcess.deleteTree(dir);
    }

    @Test
    void theEntrypointServesASimulatedNodeReloadsOnHangupAndStopsCleanly() throws Exception {
        assertThat(image.entrypoint()).containsExactly("nvidia-device-plugin");
        Path stderr = dir.resolve("plugin.err");
        List<String> command = new ArrayList<>(image.entrypoint());
        command.addAll(List.of("--device-discovery-strategy=simulated", "--simulated-node=dgx-a100"));
        container = image.start(command, Map.of(), kubeletDir, dir.resolve("plugin.out"), stderr);

        kubelet.awaitRegistrations(RESOURCE, 1, GENEROUS);
        List<Device> devices = kubelet.awaitDevices(RESOURCE, list -> list.size() == 8, GENEROUS);
        long pid = pluginPid();
        assertThat(argv0(pid)).isEqualTo("nvidia-device-plugin");
        assertThat(Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "exe")))
                .isEqualTo(image.rootfs().resolve("opt/java/bin/java"));

        AllocateResponse allocation = kubelet.allocate(RESOURCE, List.of(List.of(devices.get(0).getID())));
        assertThat(allocation.getContainerResponses(0).getEnvsMap())
                .containsEntry("NVIDIA_VISIBLE_DEVICES", devices.get(0).getID());

        assertThat(count(stderr, "Running with config:")).isEqualTo(1);
        signal("HUP", pid);
        await().atMost(GENEROUS).until(() -> count(stderr, "Running with config:") == 2);
        assertThat(read(stderr)).contains("Received SIGHUP, restarting.");
        kubelet.awaitDevices(RESOURCE, list -> list.size() == 8, GENEROUS);

        signal("TERM", pid);
        assertThat(container.waitFor(GENEROUS.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(container.exitValue()).as("exit code after SIGTERM; stderr:%n%s", read(stderr)).isZero();
        assertThat(read(stderr)).contains("Received signal \"terminated\", shutting down.");
        assertThat(aotTrouble(stderr)).as("JVM complaints about the AOT cache or CDS archive").isEmpty();
    }

    @Test
    void theJvmMapsTheImagesAotCache() throws Exception {
        // AOTMode=on: the JVM exits with an error instead of running without a cache it cannot use.
        String aotOptions = aotOptions() + " -XX:AOTMode=on -Xlog:aot=info:stderr";
        Path out = dir.resolve("version.out");
        Path err = dir.resolve("version.err");
        int code = image.run("", List.of("nvidia-device-plugin", "--version"), Map.of("JAVA_AOT_OPTS", aotOptions),
                kubeletDir, out, err);
        assertThat(code).as("--version with %s; stderr:%n%s", aotOptions, read(err)).isZero();
        assertThat(read(out).strip()).matches("nvidia-device-plugin version v\\d+\\.\\d+\\.\\d+");
        assertThat(read(err)).contains("Opened AOT cache /opt/nvdp/nvidia-device-plugin.aot.");
        assertThat(aotTrouble(err)).isEmpty();
    }

    @Test
    void configManagerAnswersHelp() throws Exception {
        Path out = dir.resolve("cm.out");
        Path err = dir.resolve("cm.err");
        int code = image.run("", List.of("config-manager", "--help"), Map.of(), kubeletDir, out, err);
        assertThat(code).as("config-manager --help; stderr:%n%s", read(err)).isZero();
        assertThat(read(out) + read(err)).contains("config-manager").contains("--node-name");
    }

    @Test
    void bothCommandsRunAsAnUnprivilegedUser() throws Exception {
        // Nothing in the image needs root to be read or run; only the kubelet's directory does.
        for (List<String> command : List.of(List.of("nvidia-device-plugin", "--version"),
                List.of("config-manager", "--help"))) {
            Path out = dir.resolve("nobody.out");
            Path err = dir.resolve("nobody.err");
            int code = image.run(ImageBundle.NOBODY, command, Map.of(), kubeletDir, out, err);
            assertThat(code).as("%s as nobody; stderr:%n%s", command, read(err)).isZero();
            assertThat(aotTrouble(err)).as("%s as nobody", command).isEmpty();
        }
    }

    private String aotOptions() throws IOException {
        Path config = Path.of(System.getProperty("nvdp.image.bundle"), "config.json");
        Matcher matcher = Pattern.compile("\"JAVA_AOT_OPTS=([^\"]*)\"").matcher(read(config));
        assertThat(matcher.find()).as("JAVA_AOT_OPTS in the image's environment").isTrue();
        return matcher.group(1);
    }

    /** The program inside the namespace: unshare's only child, once it has become the JVM. */
    private long pluginPid() {
        return await().atMost(GENEROUS).until(() -> container.toHandle().children()
                        .filter(child -> "nvidia-device-plugin".equals(argv0(child.pid())))
                        .map(ProcessHandle::pid).findFirst(),
                Optional::isPresent).orElseThrow();
    }

    private static String argv0(long pid) {
        try {
            String cmdline = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"), StandardCharsets.UTF_8);
            int end = cmdline.indexOf('\0');
            return end < 0 ? cmdline : cmdline.substring(0, end);
        } catch (IOException e) {
            return "";
        }
    }

    private static void signal(String name, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-s", name, Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor()).as("kill -s %s %d", name, pid).isZero();
    }

    private static List<String> aotTrouble(Path log) throws IOException {
        return read(log).lines().filter(line -> AOT_TROUBLE.matcher(line).find()).collect(Collectors.toList());
    }

    private static long count(Path log, String text) throws IOException {
        return read(log).lines().filter(line -> line.contains(text)).count();
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }
}

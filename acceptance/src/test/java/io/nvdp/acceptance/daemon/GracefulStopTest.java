package io.nvdp.acceptance.daemon;

import io.nvdp.acceptance.PluginProcess;
import static org.assertj.core.api.Assertions.assertThat;

import io.nvdp.simulator.kubelet.KubeletEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * SIGTERM (what kubelet sends a DaemonSet pod) and SIGINT stop the packaged daemon within 2 s with
 * exit code 0, its sockets removed and kubelet's ListAndWatch stream ended.
 */
class GracefulStopTest {
    private static final String RESOURCE = "nvidia.com/gpu";
    /** The acceptance criterion: measured from sending the signal to the process having exited. */
    private static final Duration STOP_BUDGET = Duration.ofSeconds(2);

    private Path dir;
    private KubeletEmulator kubelet;
    private PluginProcess daemon;

    @BeforeEach
    void startDaemon() throws Exception {
        dir = Files.createTempDirectory(Path.of("/tmp"), "nvdp-stop");
        kubelet = KubeletEmulator.start(dir);
        daemon = PluginProcess.start(PluginProcess.IMAGE_JVM_OPTIONS, List.of(
                "--device-discovery-strategy=simulated", "--simulated-node=dgx-a100",
                "--kubelet-socket=" + kubelet.socket()), Map.of(), dir.resolve("logs"));
    }

    @AfterEach
    void stopDaemon() throws Exception {
        if (daemon != null) {
            daemon.close();
        }
        if (kubelet != null) {
            kubelet.close();
        }
        PluginProcess.deleteTree(dir);
    }

    @ParameterizedTest(name = "SIG{0}")
    @CsvSource({"TERM, terminated", "INT, interrupt"})
    void aStopSignalEndsTheDaemonCleanlyWithinTwoSeconds(String signal, String logged) throws Exception {
        kubelet.awaitRegistrations(RESOURCE, 1, Duration.ofSeconds(30));
        kubelet.awaitDevices(RESOURCE, list -> list.size() == 8, Duration.ofSeconds(30));
        assertThat(pluginSockets()).containsExactly(dir.resolve("nvidia-gpu.sock"));

        double cpuShare = CpuContention.cpuShare();
        long sent = System.nanoTime();
        daemon.signal(signal);
        int code = daemon.awaitExit(Duration.ofSeconds(15));
        long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
        System.out.printf("GracefulStopTest: SIG%s -> exit %d after %d ms%n", signal, code, stopMillis);

        assertThat(code).as("exit code after SIG%s (stderr: %s)", signal, daemon.stderr()).isZero();
        assertThat(pluginSockets()).as("plugin sockets left behind").isEmpty();
        kubelet.awaitStreamEnd(RESOURCE, Duration.ofSeconds(5));
        assertThat(daemon.stderr()).contains("Received signal \"" + logged + "\", shutting down.");
        CpuContention.judge("SIG" + signal + " to exit", Duration.ofMillis(stopMillis), STOP_BUDGET, cpuShare);
    }

    private List<Path> pluginSockets() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().matches("nvidia-.*\\.sock")).toList();
        }
    }
}

package io.nvdp.acceptance.daemon;

import io.nvdp.acceptance.PluginProcess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nvdp.adapters.grpc.api.v1beta1.Device;
import io.nvdp.simulator.kubelet.KubeletEmulator;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code --metrics-address} on the packaged daemon: liveness and the Prometheus text follow what
 * the daemon does (devices, allocations, registrations, reloads applied and rejected).
 */
class MetricsEndpointTest {
    private static final String RESOURCE = "nvidia.com/gpu";
    private static final Duration SETTLE = Duration.ofSeconds(20);

    private Path dir;
    private Path config;
    private KubeletEmulator kubelet;
    private PluginProcess daemon;
    private HttpClient http;
    private int port;

    @BeforeEach
    void startDaemon() throws Exception {
        dir = Files.createTempDirectory(Path.of("/tmp"), "nvdp-metrics");
        config = dir.resolve("config.yaml");
        Files.writeString(config, """
                version: v1
                flags:
                  migStrategy: none
                """);
        port = freePort();
        kubelet = KubeletEmulator.start(dir);
        daemon = PluginProcess.start(PluginProcess.IMAGE_JVM_OPTIONS, List.of(
                "--device-discovery-strategy=simulated", "--simulated-node=dgx-a100",
                "--kubelet-socket=" + kubelet.socket(), "--config-file=" + config,
                "--metrics-address=127.0.0.1:" + port), Map.of(), dir.resolve("logs"));
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterEach
    void stopDaemon() throws Exception {
        if (http != null) {
            http.close();
        }
        if (daemon != null) {
            daemon.close();
        }
        if (kubelet != null) {
            kubelet.close();
        }
        PluginProcess.deleteTree(dir);
    }

    @Test
    void metricsFollowDevicesAllocationsRegistrationsAndReloads() throws Exception {
        kubelet.awaitRegistrations(RESOURCE, 1, SETTLE);
        List<Device> devices = kubelet.awaitDevices(RESOURCE, list -> list.size() == 8, SETTLE);
        // The server starts right after the plugins; give it the time to bind.
        await().atMost(SETTLE).ignoreExceptions().until(() -> get("/healthz").statusCode() == 200);

        HttpResponse<String> health = get("/healthz");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body().strip()).isEqualTo("ok");

        String metrics = scrape();
        assertThat(metrics).contains("nvdp_devices{resource=\"nvidia.com/gpu\",health=\"Healthy\"} 8\n");
        assertThat(metrics).contains("nvdp_registrations_total{resource=\"nvidia.com/gpu\"} 1\n");

        for (int i = 0; i < 3; i++) {
            kubelet.allocate(RESOURCE, List.of(List.of(devices.get(i).getID())));
        }
        metrics = scrape();
        assertThat(metrics).contains("nvdp_allocations_total{resource=\"nvidia.com/gpu\",rpc=\"Allocate\"} 3\n");
        assertThat(metrics).containsPattern(
                "(?m)^nvdp_allocation_duration_seconds_bucket\\{resource=\"nvidia.com/gpu\",rpc=\"Allocate\",le=\"[^\"]+\"} \\d+$");
        assertThat(metrics).contains(
                "nvdp_allocation_duration_seconds_bucket{resource=\"nvidia.com/gpu\",rpc=\"Allocate\",le=\"+Inf\"} 3\n");
        assertThat(metrics).contains("nvdp_allocation_duration_seconds_count{resource=\"nvidia.com/gpu\",rpc=\"Allocate\"} 3\n");

        // A changed config and SIGHUP: two replicas per GPU. The file watcher may reload as well, so "increments".
        long applied = reloads("applied");
        long rejected = reloads("rejected");
        replaceConfig("""
                version: v1
                sharing:
                  timeSlicing:
                    resources:
                    - name: nvidia.com/gpu
                      replicas: 2
                """);
        daemon.signal("HUP");
        kubelet.awaitDevices(RESOURCE, list -> list.size() == 16, SETTLE);
        await().atMost(SETTLE).until(() -> reloads("applied") > applied);
        await().atMost(SETTLE).until(() -> scrape().contains(
                "nvdp_devices{resource=\"nvidia.com/gpu\",health=\"Healthy\"} 16\n"));
        assertThat(reloads("rejected")).isEqualTo(rejected);

        // A broken config and SIGHUP: rejected, and the node keeps its sixteen replicas.
        replaceConfig("""
                version: v2
                """);
        daemon.signal("HUP");
        await().atMost(SETTLE).until(() -> reloads("rejected") > rejected);
        assertThat(daemon.isAlive()).isTrue();
        assertThat(kubelet.capacity(RESOURCE)).isEqualTo(16);
        assertThat(kubelet.watching(RESOURCE)).isTrue();
        assertThat(scrape()).contains("nvdp_devices{resource=\"nvidia.com/gpu\",health=\"Healthy\"} 16\n");
        assertThat(get("/healthz").statusCode()).isEqualTo(200);
        System.out.printf("MetricsEndpointTest: reloads applied %d -> %d, rejected %d -> %d%n", applied,
                reloads("applied"), rejected, reloads("rejected"));
    }

    private void replaceConfig(String content) throws IOException {
        // Atomically, as an editor or the config manager would: the daemon never reads half a file.
        Path next = dir.resolve("config.yaml.next");
        Files.writeString(next, content);
        Files.move(next, config, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private long reloads(String result) throws Exception {
        Matcher m = Pattern.compile("(?m)^nvdp_reloads_total\\{result=\"" + result + "\"} (\\d+)$").matcher(scrape());
        assertThat(m.find()).as("nvdp_reloads_total{result=\"%s\"} is exposed", result).isTrue();
        return Long.parseLong(m.group(1));
    }

    private String scrape() throws Exception {
        HttpResponse<String> response = get("/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
        return response.body();
    }

    private HttpResponse<String> get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** A port nothing listens on now; the daemon binds it a moment later (a tiny race, fine in tests). */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}

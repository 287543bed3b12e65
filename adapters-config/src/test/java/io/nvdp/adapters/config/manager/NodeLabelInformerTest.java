package io.nvdp.adapters.config.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The config manager against the fabric8 mock API server in CRUD mode (real list/watch over HTTP). */
@EnableKubernetesMockClient(crud = true)
class NodeLabelInformerTest {

    private static final String LABEL = "nvidia.com/device-plugin.config";
    private static final Duration WAIT = Duration.ofSeconds(20);

    KubernetesClient client;

    @TempDir
    Path tmp;
    Path src;
    Path dst;
    Path proc;
    final List<Long> signalled = new CopyOnWriteArrayList<>();
    ConfigManager running;
    CompletableFuture<Integer> runResult;

    @BeforeEach
    void setUp() throws Exception {
        src = Files.createDirectory(tmp.resolve("available-configs"));
        Files.writeString(src.resolve("a"), "A");
        Files.writeString(src.resolve("b"), "B");
        Files.writeString(src.resolve("default"), "DEFAULT");
        dst = Files.createDirectory(tmp.resolve("config")).resolve("config.yaml");
        proc = Files.createDirectory(tmp.resolve("proc"));
        Path plugin = Files.createDirectory(proc.resolve("50"));
        Files.write(plugin.resolve("cmdline"), "nvidia-device-plugin\0".getBytes(StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() throws Exception {
        if (running != null) {
            running.close();
            runResult.get(20, TimeUnit.SECONDS);
        }
    }

    private void createNode(String name, String labelValue) {
        var builder = new NodeBuilder().withNewMetadata().withName(name).endMetadata();
        if (labelValue != null) {
            builder.editMetadata().addToLabels(LABEL, labelValue).endMetadata();
        }
        client.nodes().resource(builder.build()).create();
    }

    private void setLabel(String node, String value) {
        client.nodes().withName(node).edit(n -> {
            var edited = new NodeBuilder(n);
            if (value == null) {
                edited.editMetadata().removeFromLabels(LABEL).endMetadata();
            } else {
                edited.editMetadata().addToLabels(LABEL, value).endMetadata();
            }
            return edited.build();
        });
    }

    private ConfigManager manager(boolean oneshot) {
        var flags = new ConfigManagerFlags(oneshot, "", "node-1", LABEL, src, dst, "", List.of("named", "single"),
                true, 1, "nvidia-device-plugin");
        return new ConfigManager(flags, new NodeLabelInformer(client, "node-1", LABEL), new ProcessTable(proc),
                (pid, signal) -> signalled.add(pid), 999);
    }

    private void startInBackground() {
        running = manager(false);
        runResult = CompletableFuture.supplyAsync(running::run);
    }

    private void awaitLinked(String content) {
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(Files.exists(dst)).isTrue();
            assertThat(Files.readString(dst)).isEqualTo(content);
        });
    }

    @Test
    void followsTheLabelThroughAddUpdateAndRemoval() throws Exception {
        createNode("node-1", "a");
        startInBackground();
        awaitLinked("A");
        assertThat(Files.readSymbolicLink(dst)).isEqualTo(src.resolve("a").toAbsolutePath());

        setLabel("node-1", "b");
        awaitLinked("B");

        setLabel("node-1", null);
        awaitLinked("DEFAULT");

        await().atMost(WAIT).until(() -> signalled.size() == 3);
        running.close();
        assertThat(runResult.get(20, TimeUnit.SECONDS)).isZero();
        running = null;
        assertThat(signalled).containsOnly(50L);
    }

    @Test
    void otherNodesAndOtherLabelsCauseNoUpdate() {
        createNode("node-1", "a");
        createNode("node-2", "a");
        startInBackground();
        awaitLinked("A");

        setLabel("node-2", "b");
        client.nodes().withName("node-1").edit(n -> new NodeBuilder(n).editMetadata().addToLabels("other", "x").endMetadata().build());
        setLabel("node-1", "default");
        awaitLinked("DEFAULT");

        // one signal for the initial config and one for "default": nothing in between was applied
        await().atMost(WAIT).until(() -> signalled.size() == 2);
        assertThat(signalled).hasSize(2);
    }

    @Test
    void deletingTheNodeFallsBackLikeAnUnsetLabel() {
        createNode("node-1", "b");
        startInBackground();
        awaitLinked("B");

        client.nodes().withName("node-1").delete();

        awaitLinked("DEFAULT");
    }

    @Test
    void oneshotWithTheLabelUnsetFromTheStartDoesNotBlock() throws Exception {
        createNode("node-1", null);

        int rc = CompletableFuture.supplyAsync(manager(true)::run).get(30, TimeUnit.SECONDS);

        assertThat(rc).isZero();
        assertThat(Files.readString(dst)).isEqualTo("DEFAULT");
    }

    @Test
    void oneshotAppliesTheLabelSetBeforeStart() throws Exception {
        createNode("node-1", "b");

        int rc = CompletableFuture.supplyAsync(manager(true)::run).get(30, TimeUnit.SECONDS);

        assertThat(rc).isZero();
        assertThat(Files.readString(dst)).isEqualTo("B");
    }

    @Test
    void unknownLabelValueEndsTheSidecarWithExitCodeOne() throws Exception {
        createNode("node-1", "a");
        startInBackground();
        awaitLinked("A");

        setLabel("node-1", "nope");

        assertThat(runResult.get(30, TimeUnit.SECONDS)).isEqualTo(1);
        running = null;
        assertThat(Files.readString(dst)).isEqualTo("A");
    }

    @Test
    void missingNodeCountsAsUnsetLabelAndLaterCreationIsFollowed() {
        startInBackground();
        awaitLinked("DEFAULT");

        createNode("node-1", "a");

        awaitLinked("A");
    }

    @Test
    void nodeObjectsAreReadOnly() throws Exception {
        createNode("node-1", "a");
        Node before = client.nodes().withName("node-1").get();

        var result = CompletableFuture.supplyAsync(manager(true)::run).get(30, TimeUnit.SECONDS);

        assertThat(result).isZero();
        assertThat(client.nodes().withName("node-1").get().getMetadata().getResourceVersion())
                .isEqualTo(before.getMetadata().getResourceVersion());
    }
}

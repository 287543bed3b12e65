package io.nvdp.adapters.config.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigManagerTest {

    /** A label source driven by the test. */
    static final class ScriptedLabels implements NodeLabelSource {
        final LabelValues values = new LabelValues();
        volatile boolean started;
        volatile boolean closed;

        @Override
        public void start() {
            started = true;
        }

        @Override
        public Optional<String> next() throws InterruptedException {
            return values.next();
        }

        @Override
        public void close() {
            closed = true;
            values.close();
        }
    }

    record Sent(long pid, int signal) {
    }

    @TempDir
    Path tmp;
    Path src;
    Path dst;
    Path proc;
    final List<Sent> sent = new CopyOnWriteArrayList<>();
    final ProcessSignaller recorder = (pid, signal) -> sent.add(new Sent(pid, signal));
    final ScriptedLabels labels = new ScriptedLabels();

    @BeforeEach
    void setUp() throws Exception {
        src = Files.createDirectory(tmp.resolve("available-configs"));
        Files.writeString(src.resolve("a"), "A");
        Files.writeString(src.resolve("b"), "B");
        Files.writeString(src.resolve("default"), "DEFAULT");
        dst = Files.createDirectory(tmp.resolve("config")).resolve("config.yaml");
        proc = Files.createDirectory(tmp.resolve("proc"));
        process(1, "/pause");
        process(50, "java", "-jar", "/app/nvidia-device-plugin.jar");
        process(60, "java", "-jar", "/app/nvidia-device-plugin.jar", "config-manager");
    }

    private void process(long pid, String... argv) throws Exception {
        Path dir = Files.createDirectories(proc.resolve(Long.toString(pid)));
        Files.write(dir.resolve("cmdline"), (String.join("\0", argv) + "\0").getBytes(StandardCharsets.UTF_8));
    }

    private ConfigManagerFlags flags(boolean oneshot, boolean sendSignal, String defaultConfig, String... fallbacks) {
        return new ConfigManagerFlags(oneshot, "", "node-1", "nvidia.com/device-plugin.config", src, dst,
                defaultConfig, List.of(fallbacks), sendSignal, 1, "nvidia-device-plugin");
    }

    private ConfigManager manager(ConfigManagerFlags flags, ProcessSignaller signaller) {
        return new ConfigManager(flags, labels, new ProcessTable(proc), signaller, 60);
    }

    private String linkedContent() throws Exception {
        return Files.readString(dst);
    }

    @Test
    void oneshotAppliesTheLabelledConfigOnceWithoutSignalling() throws Exception {
        labels.values.synced("a");

        int rc = manager(flags(true, false, "", "named"), recorder).run();

        assertThat(rc).isZero();
        assertThat(linkedContent()).isEqualTo("A");
        assertThat(sent).isEmpty();
        assertThat(labels.started).isTrue();
        assertThat(labels.closed).isTrue();
    }

    @Test
    void oneshotWithUnsetLabelUsesTheFallbackInsteadOfBlocking() throws Exception {
        labels.values.synced("");

        assertThat(manager(flags(true, false, "", "named", "single"), recorder).run()).isZero();

        assertThat(linkedContent()).isEqualTo("DEFAULT");
    }

    @Test
    void changedLinkSignalsThePluginButNeverTheConfigManager() throws Exception {
        labels.values.synced("b");

        assertThat(manager(flags(true, true, "", "named"), recorder).run()).isZero();

        assertThat(sent).containsExactly(new Sent(50, 1));
    }

    @Test
    void alreadyConfiguredSendsNoSignal() throws Exception {
        Files.createSymbolicLink(dst, src.resolve("b"));
        labels.values.synced("b");

        assertThat(manager(flags(true, true, "", "named"), recorder).run()).isZero();

        assertThat(sent).isEmpty();
    }

    @Test
    void selectionErrorExitsOneAndKeepsTheCurrentConfig() throws Exception {
        Files.createSymbolicLink(dst, src.resolve("a"));
        labels.values.synced("missing");

        assertThat(manager(flags(false, true, "", "named"), recorder).run()).isEqualTo(1);

        assertThat(Files.readSymbolicLink(dst)).isEqualTo(src.resolve("a"));
        assertThat(sent).isEmpty();
    }

    @Test
    void missingProcessToSignalIsNotFatal() throws Exception {
        Files.delete(proc.resolve("50/cmdline"));
        labels.values.synced("a");

        assertThat(manager(flags(true, true, "", "named"), recorder).run()).isZero();

        assertThat(linkedContent()).isEqualTo("A");
    }

    @Test
    void failingSignalIsNotFatal() throws Exception {
        labels.values.synced("a");
        ProcessSignaller refusing = (pid, signal) -> {
            throw new ConfigManagerException("error sending signal: errno 1");
        };

        assertThat(manager(flags(true, true, "", "named"), refusing).run()).isZero();

        assertThat(linkedContent()).isEqualTo("A");
    }

    @Test
    void followsEveryLabelChangeUntilClosed() throws Exception {
        var manager = manager(flags(false, true, "", "named"), recorder);
        labels.values.synced("a");
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(manager::run);

        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(linkedContent()).isEqualTo("A"));
        labels.values.set("b");
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(linkedContent()).isEqualTo("B"));
        labels.values.set("");
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(linkedContent()).isEqualTo("DEFAULT"));
        await().atMost(10, TimeUnit.SECONDS).until(() -> sent.size() == 3);

        manager.close();

        assertThat(run.get(10, TimeUnit.SECONDS)).isZero();
        assertThat(sent).containsOnly(new Sent(50, 1));
    }

    @Test
    void labelSourceFailureExitsOne() {
        labels.values.fail(new ConfigManagerException("error watching node node-1: Forbidden"));

        assertThat(manager(flags(false, true, "", "named"), recorder).run()).isEqualTo(1);
    }

    @Test
    void signalsAreLoggedByName() {
        assertThat(ConfigManager.signalName(1)).isEqualTo("SIGHUP (1)");
        assertThat(ConfigManager.signalName(42)).isEqualTo("42");
    }
}

package io.nvdp.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConfigFileWatcherTest {
    private Path dir;
    private Path file;
    private ConfigFileContent content;
    private final LinkedBlockingQueue<String> reports = new LinkedBlockingQueue<>();

    @BeforeEach
    void createFile() throws Exception {
        dir = Files.createTempDirectory("nvdp-watch");
        file = dir.resolve("config.yaml");
        Files.writeString(file, "version: v1\n");
        content = new ConfigFileContent(Optional.of(file));
    }

    @AfterEach
    void deleteFiles() throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void aChangeMadeBeforeTheWatchStartedIsReportedAtOnce() throws Exception {
        ConfigContent loadedFrom = content.current();
        replace("version: v1\nflags:\n  migStrategy: mixed\n");
        try (ConfigFileWatcher watcher = new ConfigFileWatcher(content, () -> loadedFrom, () -> reports.add("changed"),
                60_000)) {
            watcher.start();
            // Reported by the first check, long before the next poll would run.
            assertThat(reports.poll(DaemonFixture.PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("changed");
        }
    }

    @Test
    void aChangeIsReportedOnceUntilTheRunningConfigCatchesUp() throws Exception {
        AtomicReference<ConfigContent> loadedFrom = new AtomicReference<>(content.current());
        try (ConfigFileWatcher watcher = new ConfigFileWatcher(content, loadedFrom::get,
                () -> reports.add("changed"), 60_000)) {
            watcher.start();
            replace("version: v1\nflags:\n  migStrategy: mixed\n");
            assertThat(reports.poll(DaemonFixture.PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("changed");
            // Another event for the same content (a touch) is no new change.
            Files.writeString(dir.resolve("unrelated"), "x");
            replace("version: v1\nflags:\n  migStrategy: mixed\n");
            loadedFrom.set(content.current());
            replace("version: v1\n");
            assertThat(reports.poll(DaemonFixture.PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("changed");
            assertThat(reports).isEmpty();
        }
    }

    @Test
    void theContentIsTheBytesNotTheFile() throws Exception {
        ConfigContent before = content.current();
        replace("version: v1\n");
        assertThat(content.current()).isEqualTo(before);
        Files.writeString(file, "version: v1\n# edited in place\n");
        assertThat(content.current()).isNotEqualTo(before);
    }

    @Test
    void aFifoIsNeverRead() throws Exception {
        Path fifo = dir.resolve("fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mkfifo.waitFor()).isZero();
        assertThat(new ConfigFileContent(Optional.of(fifo)).current()).isEqualTo(new ConfigContent("not a regular file"));
        assertThat(new ConfigFileContent(Optional.of(dir.resolve("missing"))).current().digest()).startsWith("unreadable");
        assertThat(new ConfigFileContent(Optional.empty()).current()).isEqualTo(ConfigContent.NO_FILE);
    }

    private void replace(String text) throws Exception {
        Path next = dir.resolve("config.yaml.next");
        Files.writeString(next, text);
        Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}

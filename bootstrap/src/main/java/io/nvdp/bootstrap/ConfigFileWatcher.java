package io.nvdp.bootstrap;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices when the config file holds something other than what the running configuration was loaded
 * from: an edit in place, a new file, or a symlink swap as the config manager does. Directory events
 * give a quick reaction; a periodic check catches what they miss (a ConfigMap's {@code ..data} swap
 * behind a symlink). The first check runs as soon as the watcher starts, so a change made before it
 * started (while the daemon was starting) is reported too.
 */
final class ConfigFileWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigFileWatcher.class);
    /** Lets a burst of directory events (temp file + rename) settle before looking. */
    private static final long SETTLE_MILLIS = 50;

    private final Path file;
    private final ConfigFileContent content;
    private final Supplier<ConfigContent> loadedFrom;
    private final Runnable onChange;
    private final long pollMillis;
    private final WatchService watchService;
    private final Thread thread;
    private volatile boolean running = true;
    /** The content last reported, so that one change is reported once. */
    private ConfigContent reported;

    /**
     * @param loadedFrom the content the running configuration was loaded from (or last tried)
     * @param onChange called once per content that differs from {@code loadedFrom}
     */
    ConfigFileWatcher(ConfigFileContent content, Supplier<ConfigContent> loadedFrom, Runnable onChange,
            long pollMillis) throws IOException {
        this.file = content.file().orElseThrow(() -> new IllegalArgumentException("no config file to watch"));
        this.content = content;
        this.loadedFrom = loadedFrom;
        this.onChange = onChange;
        this.pollMillis = pollMillis;
        this.watchService = FileSystems.getDefault().newWatchService();
        Path dir = file.getParent();
        if (dir != null && Files.isDirectory(dir)) {
            dir.register(watchService, StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE);
        }
        this.thread = Thread.ofPlatform().daemon().name("nvdp-config-watch").unstarted(this::loop);
    }

    void start() {
        thread.start();
    }

    private void loop() {
        try {
            checkForChange();
            while (running) {
                WatchKey key = watchService.poll(pollMillis, TimeUnit.MILLISECONDS);
                if (key != null) {
                    key.pollEvents();
                    key.reset();
                    Thread.sleep(SETTLE_MILLIS);
                }
                checkForChange();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed
        }
    }

    private void checkForChange() {
        ConfigContent now = content.current();
        if (now.equals(loadedFrom.get())) {
            reported = null;
        } else if (!now.equals(reported)) {
            reported = now;
            LOG.info("Config file {} changed, reloading.", file);
            onChange.run();
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            watchService.close();
        } catch (IOException e) {
            LOG.debug("closing config watch: {}", e.getMessage());
        }
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

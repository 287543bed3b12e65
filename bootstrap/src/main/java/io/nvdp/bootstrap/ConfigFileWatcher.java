package io.nvdp.bootstrap;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices when the config file the daemon started with changes: an edit in place, a new file, or
 * a symlink swap as the config manager does. Directory events give a quick reaction; a periodic
 * content check catches what they miss (a ConfigMap's {@code ..data} swap behind a symlink).
 */
final class ConfigFileWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigFileWatcher.class);

    private final Path file;
    private final Runnable onChange;
    private final long pollMillis;
    private final WatchService watchService;
    private final Thread thread;
    private volatile boolean running = true;
    private String lastFingerprint;

    ConfigFileWatcher(Path file, Runnable onChange, long pollMillis) throws IOException {
        this.file = file.toAbsolutePath();
        this.onChange = onChange;
        this.pollMillis = pollMillis;
        this.lastFingerprint = fingerprint();
        this.watchService = FileSystems.getDefault().newWatchService();
        Path dir = this.file.getParent();
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
        while (running) {
            try {
                WatchKey key = watchService.poll(pollMillis, TimeUnit.MILLISECONDS);
                if (key != null) {
                    key.pollEvents();
                    key.reset();
                    // Let a burst of events (temp file + rename) settle before reading.
                    Thread.sleep(50);
                }
                checkForChange();
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
        }
    }

    private void checkForChange() {
        String now = fingerprint();
        if (!now.equals(lastFingerprint)) {
            lastFingerprint = now;
            LOG.info("Config file {} changed, reloading.", file);
            onChange.run();
        }
    }

    /** Content digest through the symlinks: a swap to an identical file is no change. */
    private String fingerprint() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
            return HexFormat.of().formatHex(digest);
        } catch (IOException e) {
            return "unreadable:" + e.getClass().getSimpleName();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
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

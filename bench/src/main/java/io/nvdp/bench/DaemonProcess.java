package io.nvdp.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The device plugin daemon as a child process, launched the way the image launches it
 * ({@code java <JAVA_OPTS> -jar nvidia-device-plugin.jar <flags>}), so that every time and every byte
 * measured is the daemon's own and not the harness's.
 */
final class DaemonProcess implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final long startedNanos;

    private DaemonProcess(Process process, Path log, long startedNanos) {
        this.process = process;
        this.log = log;
        this.startedNanos = startedNanos;
    }

    /** Starts the daemon; {@link #startedNanos()} is taken just before the fork. */
    static DaemonProcess start(Path java, List<String> jvmOptions, Path jar, List<String> flags, Path log)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(flags);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        long started = System.nanoTime();
        return new DaemonProcess(builder.start(), log, started);
    }

    long startedNanos() {
        return startedNanos;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The daemon's memory and threads now, from {@code /proc/<pid>/status}. */
    ProcStatus status() throws IOException {
        return ProcStatus.read(process.pid());
    }

    /** The daemon's output so far (for error messages). */
    String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    /** Whether one of the daemon's threads has a name starting with {@code prefix} (Linux truncates names to 15 characters). */
    boolean hasThread(String prefix) {
        try (var tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid()), "task"))) {
            for (Path task : tasks) {
                try {
                    if (Files.readString(task.resolve("comm")).startsWith(prefix)) {
                        return true;
                    }
                } catch (IOException e) {
                    // the thread ended while we looked
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /** SIGTERM, as kubelet's pod deletion would; SIGKILL after 10 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** Resident memory (KiB) and thread count of a process. */
    record ProcStatus(long rssKib, long rssAnonKib, long rssFileKib, int threads) {
        static ProcStatus read(long pid) throws IOException {
            long rss = 0;
            long anon = 0;
            long file = 0;
            int threads = 0;
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = kib(line);
                } else if (line.startsWith("RssAnon:")) {
                    anon = kib(line);
                } else if (line.startsWith("RssFile:")) {
                    file = kib(line);
                } else if (line.startsWith("Threads:")) {
                    threads = (int) kib(line);
                }
            }
            return new ProcStatus(rss, anon, file, threads);
        }

        private static long kib(String line) {
            return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }

        double rssMib() {
            return rssKib / 1024.0;
        }
    }
}

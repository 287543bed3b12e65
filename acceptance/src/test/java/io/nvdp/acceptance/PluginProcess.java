package io.nvdp.acceptance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The packaged daemon in its own process, as a node runs it, with what these tests look at from
 * outside: its threads and open descriptors under {@code /proc/<pid>}, signals sent with kill(1).
 */
public final class PluginProcess implements AutoCloseable {
    /** The JVM options the container image runs the daemon with (deployments/container/Dockerfile). */
    public static final List<String> IMAGE_JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-Xss256k", "-Xms8m", "-Xmx64m", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=20",
            "-XX:MaxMetaspaceSize=64m", "-XX:ReservedCodeCacheSize=16m", "-XX:CompileThresholdScaling=3",
            "-XX:+ExitOnOutOfMemoryError",
            "-Dio.grpc.netty.shaded.io.netty.jfr.enabled=false");

    /** USER_HZ: 100 on every Linux architecture the JDK runs on. */
    private static final long CLOCK_TICKS_PER_SECOND = 100;

    private final Process process;
    private final long startedNanos;
    private final Path stdout;
    private final Path stderr;

    private PluginProcess(Process process, long startedNanos, Path stdout, Path stderr) {
        this.process = process;
        this.startedNanos = startedNanos;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    public static Path jar() {
        Path path = Path.of(System.getProperty("nvdp.jar", "../bootstrap/target/nvidia-device-plugin.jar"))
                .toAbsolutePath().normalize();
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("the daemon jar is missing: " + path + " (run mvn install first)");
        }
        return path;
    }

    /**
     * Runs {@code java <jvmOptions> -jar nvidia-device-plugin.jar <args>} with a clean environment plus
     * {@code env}; its output goes to files in {@code logDir}, kept apart from the socket directory.
     */
    public static PluginProcess start(List<String> jvmOptions, List<String> args, Map<String, String> env, Path logDir)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar().toString());
        command.addAll(args);
        Files.createDirectories(logDir);
        Path out = Files.createTempFile(logDir, "daemon-", ".out");
        Path err = Files.createTempFile(logDir, "daemon-", ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        // Only what a JVM needs: no JAVA_TOOL_OPTIONS or the like from the build's environment.
        builder.environment().keySet().removeIf(k -> !k.equals("PATH") && !k.equals("HOME") && !k.equals("LANG"));
        builder.environment().putAll(env);
        long started = System.nanoTime();
        return new PluginProcess(builder.start(), started, out, err);
    }

    public long pid() {
        return process.pid();
    }

    /** {@link System#nanoTime()} just before the process was spawned. */
    public long startedNanos() {
        return startedNanos;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the process to end; returns its exit code, or -1 if it is still running. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    public void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-s", name, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -s " + name + " " + process.pid() + " failed");
        }
    }

    /** Live threads of the process: the entries of {@code /proc/<pid>/task}. */
    public int threadCount() throws IOException {
        return count(Path.of("/proc", Long.toString(pid()), "task"));
    }

    /** Open file descriptors of the process: the entries of {@code /proc/<pid>/fd}. */
    public int openFdCount() throws IOException {
        return count(Path.of("/proc", Long.toString(pid()), "fd"));
    }

    /**
     * CPU time (user + system) the process has used so far, all threads together: unlike wall time,
     * it hardly depends on how busy the machine is.
     */
    public Duration cpuTime() throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"));
        // Fields after the command name, which is in parentheses and may hold spaces: utime is the 12th.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return Duration.ofMillis(ticks * 1000 / CLOCK_TICKS_PER_SECOND);
    }

    /** Thread names with how many threads carry each, for telling which pool grew. */
    public Map<String, Long> threadNames() throws IOException {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid()), "task"))) {
            return tasks.map(PluginProcess::threadName)
                    .collect(Collectors.groupingBy(n -> n, TreeMap::new, Collectors.counting()));
        }
    }

    /** What each open descriptor points at (socket:[inode], a file, anon_inode:[eventpoll], ...). */
    public Map<String, Long> fdTargets() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid()), "fd"))) {
            return fds.map(PluginProcess::fdTarget)
                    .map(t -> t.startsWith("socket:") ? "socket" : t)
                    .collect(Collectors.groupingBy(t -> t, TreeMap::new, Collectors.counting()));
        }
    }

    public String stdout() throws IOException {
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    public String stderr() throws IOException {
        return Files.readString(stderr, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    /** Deletes a temp directory and what it holds (sockets included). */
    public static void deleteTree(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static int count(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return (int) entries.count();
        }
    }

    private static String threadName(Path task) {
        try {
            // Linux keeps 15 characters of a thread's name.
            return Files.readString(task.resolve("comm"), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "(ended)";
        }
    }

    private static String fdTarget(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString();
        } catch (IOException e) {
            return "(closed)";
        }
    }
}

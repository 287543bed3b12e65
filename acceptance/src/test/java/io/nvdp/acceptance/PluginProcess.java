package io.nvdp.acceptance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real daemon, started from the packaged jar as kubelet's node would run it: its own process,
 * its own environment, signals delivered with kill(1). Output goes to files the steps read.
 */
final class PluginProcess implements AutoCloseable {
    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private PluginProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    static Path jar() {
        String jar = System.getProperty("nvdp.jar", "../bootstrap/target/nvidia-device-plugin.jar");
        Path path = Path.of(jar).toAbsolutePath().normalize();
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("the daemon jar is missing: " + path + " (run mvn package first)");
        }
        return path;
    }

    static PluginProcess start(List<String> args, Map<String, String> env, Path workDir) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-jar");
        command.add(jar().toString());
        command.addAll(args);
        Path out = Files.createTempFile(workDir, "plugin-", ".out");
        Path err = Files.createTempFile(workDir, "plugin-", ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        // A clean environment: only what the scenario sets, plus what a JVM needs to run.
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(k -> !k.equals("PATH") && !k.equals("HOME") && !k.equals("LANG"));
        environment.putAll(env);
        return new PluginProcess(builder.start(), out, err);
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the process to end; returns its exit code, or -1 if it is still running. */
    int awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-s", name, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -s " + name + " failed");
        }
    }

    String stdout() throws IOException {
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    String stderr() throws IOException {
        return Files.readString(stderr, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            signal("TERM");
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}

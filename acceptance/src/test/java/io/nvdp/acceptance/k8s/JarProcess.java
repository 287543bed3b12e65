package io.nvdp.acceptance.k8s;

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
 * The packaged jar run as its own process, as a pod's container runs it: the daemon
 * ({@code java -jar nvidia-device-plugin.jar [flags]}) or the config-manager sidecar
 * ({@code ... config-manager}). Output goes to one file that the tests read on failure.
 */
final class JarProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path output;

    private JarProcess(String name, Process process, Path output) {
        this.name = name;
        this.process = process;
        this.output = output;
    }

    /** Commands the image runs from the config-manager jar (they need its Kubernetes client). */
    private static final java.util.Set<String> FROM_CONFIG_MANAGER_JAR = java.util.Set.of("config-manager",
            "gpu-feature-discovery");

    /** The daemon jar the build produced; surefire names it in the system property {@code nvdp.jar}. */
    static Path jar() {
        Path path = Path.of(System.getProperty("nvdp.jar", "../bootstrap/target/nvidia-device-plugin.jar"))
                .toAbsolutePath().normalize();
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("the daemon jar is missing: " + path + " (run mvn package first)");
        }
        return path;
    }

    /** The config-manager jar, beside the daemon's, whose classes it takes through its manifest. */
    static Path configManagerJar() {
        Path path = jar().resolveSibling("nvidia-device-plugin-config-manager.jar");
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("the config-manager jar is missing: " + path + " (run mvn package first)");
        }
        return path;
    }

    /**
     * Starts {@code java -jar <jar> args...} (the config-manager jar when the first argument is
     * {@code config-manager}, as the image's config-manager command runs it) with a clean environment: only {@code env}, plus PATH, HOME and
     * LANG so the JVM runs.
     */
    static JarProcess start(String name, List<String> args, Map<String, String> env, Path workDir) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar",
                (!args.isEmpty() && FROM_CONFIG_MANAGER_JAR.contains(args.getFirst()) ? configManagerJar() : jar()).toString()));
        command.addAll(args);
        Path output = workDir.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(k -> !k.equals("PATH") && !k.equals("HOME") && !k.equals("LANG"));
        environment.putAll(env);
        return new JarProcess(name, builder.start(), output);
    }

    /** Waits for the process to end by itself; -1 when it is still running after {@code timeout}. */
    int awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Everything the process wrote so far (stdout and stderr interleaved). */
    String log() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "<cannot read " + output + ": " + e + ">";
        }
    }

    /**
     * Sends SIGTERM, as kubelet does when the pod is deleted, and waits for the exit.
     *
     * @return the exit code, or -1 when it had to be killed after {@code grace}
     */
    int terminate(Duration grace) throws InterruptedException {
        if (!process.isAlive()) {
            return process.exitValue();
        }
        process.destroy(); // SIGTERM on Linux
        if (process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            return process.exitValue();
        }
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        return -1;
    }

    @Override
    public void close() throws InterruptedException {
        terminate(Duration.ofSeconds(10));
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }
}

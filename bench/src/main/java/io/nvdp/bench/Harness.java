package io.nvdp.bench;

import io.nvdp.adapters.grpc.api.v1beta1.Device;
import io.nvdp.bench.jmh.PreferredAllocationBenchmark;
import io.nvdp.simulator.kubelet.KubeletEmulator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The performance harness. This JVM plays kubelet ({@link KubeletEmulator}, real unix
 * sockets) and launches the daemon as a child process with the production JVM flags, so that start
 * time, resident memory and call latency are the daemon's; the in-process allocation policies run
 * under JMH. Prints one table: each measurement (the median over the repeats), its target and
 * whether it is met.
 *
 * <pre>
 * scripts/bench [options], or on the bench module's classpath: java -cp ... io.nvdp.bench.Harness \
 *     --jar=bootstrap/target/nvidia-device-plugin.jar --jvm-opts="-XX:+UseSerialGC ..." [--repeats=5]
 *     (or the daemon's JVM options in NVDP_BENCH_JVM_OPTS)
 *     [--allocations=10000] [--no-jmh] [--profile] [--dgx-only] [--java=<the daemon's java, e.g. a jlinked runtime>]
 * </pre>
 */
public final class Harness {
    private static final String GPU = "nvidia.com/gpu";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int PREFERRED_CALLS = 2_000;
    private static final int CALLS_PER_SIZE = 200;
    private static final int WARMUP_CALLS = 100;
    /** The large node: resource -> devices advertised (see a100-mig-16.yaml and large-node-config.yaml). */
    private static final Map<String, Integer> LARGE_NODE = Map.of(GPU, 8 * 48, "nvidia.com/mig-3g.20gb", 8 * 4,
            "nvidia.com/mig-2g.10gb", 8 * 4, "nvidia.com/mig-1g.5gb", 16 * 4);

    private final Options options;
    private final Path work;
    private final List<Row> rows = new ArrayList<>();
    private final List<String> details = new ArrayList<>();

    private Harness(Options options, Path work) {
        this.options = options;
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Path work = Files.createTempDirectory(Path.of("/tmp"), "nvdp-bench-");
        // An interrupted harness must not leave daemons behind.
        Runtime.getRuntime().addShutdownHook(new Thread(
                () -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroy)));
        try {
            new Harness(options, work).run();
        } finally {
            deleteTree(work);
        }
    }

    private void run() throws Exception {
        trainAotCache();
        String header = machine();
        System.out.println(header);
        System.out.println("daemon JVM options: " + String.join(" ", options.jvmOptions()));
        System.out.println();
        Path largeProfile = resource("a100-mig-16.yaml");
        Path largeConfig = resource("large-node-config.yaml");
        Path replicasConfig = resource("replicas-48-config.yaml");

        dgxA100();
        if (!options.dgxOnly()) {
            nvswitch16("GetPreferredAllocation 16 GPUs best-effort, size 8, p99 (socket)", List.of(), 16,
                    IntStream.rangeClosed(1, 16).toArray());
            nvswitch16("GetPreferredAllocation 16 GPUs x 48 replicas, distributed, p99 (socket)",
                    List.of("--config-file=" + replicasConfig), 16 * 48, new int[] {1, 2, 4, 8, 16});
            largeNode(largeProfile, largeConfig);
            if (options.jmh()) {
                jmh();
            }
        }
        System.out.println();
        System.out.println(header + "  load after: " + loadAverage());
        printTable();
        details.forEach(System.out::println);
        if (options.profile()) {
            profile();
        }
    }

    /**
     * Builds the AOT cache named by {@code -XX:AOTCache=} when it is missing or older than the jar, with the
     * image's training run: {@code simulate} (daemon and kubelet emulator in one process) under the same flags.
     */
    private void trainAotCache() throws IOException, InterruptedException {
        List<String> cacheOptions = options.jvmOptions().stream().filter(o -> o.startsWith("-XX:AOTCache=")).toList();
        if (cacheOptions.isEmpty()) {
            return;
        }
        Path cache = Path.of(cacheOptions.get(0).substring("-XX:AOTCache=".length())).toAbsolutePath();
        if (Files.isRegularFile(cache)
                && Files.getLastModifiedTime(cache).compareTo(Files.getLastModifiedTime(options.jar())) > 0) {
            return;
        }
        List<String> command = new ArrayList<>();
        command.add(options.java().toString());
        options.jvmOptions().stream().filter(o -> !o.startsWith("-XX:AOTCache=")).forEach(command::add);
        command.addAll(List.of("-XX:AOTCacheOutput=" + cache, "-jar", options.jar().toString(), "simulate"));
        long started = System.nanoTime();
        Path log = work.resolve("aot-training.log");
        Process training = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!training.waitFor(5, TimeUnit.MINUTES) || training.exitValue() != 0 || !Files.isRegularFile(cache)) {
            training.destroyForcibly();
            throw new IllegalStateException("AOT training run failed: " + String.join(" ", command) + "\n"
                    + Files.readString(log));
        }
        System.out.printf(Locale.ROOT, "built the AOT cache %s (%d MiB) in %.1f s: %s%n", cache,
                Files.size(cache) >> 20, millisSince(started) / 1000, String.join(" ", command));
    }

    // ---- scenarios over the socket ---------------------------------------------------------------

    /** dgx-a100, repeated: start to Register, RSS, 10,000 Allocates, GetPreferredAllocation sizes 1-8. */
    private void dgxA100() throws Exception {
        List<Double> register = new ArrayList<>();
        List<Double> rssStart = new ArrayList<>();
        List<Double> rssAfter = new ArrayList<>();
        List<Double> allocP50 = new ArrayList<>();
        List<Double> allocP99 = new ArrayList<>();
        List<Double> allocWarmP99 = new ArrayList<>();
        List<Double> prefP50 = new ArrayList<>();
        List<Double> prefP99 = new ArrayList<>();
        List<Double> threads = new ArrayList<>();
        List<Double> warmUps = new ArrayList<>();
        // Kubelet is a warm, long-running process: one launch that is not counted warms this JVM's gRPC
        // code (JIT) and the page cache of the jar and the AOT cache, so the two cores go to the daemon.
        try (Launch warmUp = launch("dgx-a100", List.of(), options.jvmOptions())) {
            awaitDevices(warmUp, GPU, d -> d.size() == 8);
            for (int call = 0; call < 1_000; call++) {
                warmUp.kubelet().allocate(GPU, List.of(List.of(warmUp.kubelet().devices(GPU).get(call % 8).getID())));
            }
        }
        for (int i = 0; i < options.repeats(); i++) {
            try (Launch launch = launch("dgx-a100", List.of(), options.jvmOptions())) {
                awaitRegistered(launch, GPU);
                register.add(millisSince(launch.daemon().startedNanos()));
                List<String> ids = awaitDevices(launch, GPU, d -> d.size() == 8);
                warmUps.add(awaitWarmUp(launch));
                settle();
                DaemonProcess.ProcStatus started = launch.daemon().status();
                rssStart.add(started.rssMib());
                threads.add((double) started.threads());

                Latencies allocate = new Latencies(options.allocations());
                for (int call = 0; call < options.allocations(); call++) {
                    List<String> container = List.of(ids.get(call % ids.size()));
                    long t = System.nanoTime();
                    launch.kubelet().allocate(GPU, List.of(container));
                    allocate.add(System.nanoTime() - t);
                }
                Latencies preferred = new Latencies(PREFERRED_CALLS);
                for (int call = 0; call < PREFERRED_CALLS; call++) {
                    int size = 1 + call % ids.size();
                    long t = System.nanoTime();
                    launch.kubelet().preferredAllocation(GPU, ids, List.of(), size);
                    preferred.add(System.nanoTime() - t);
                }
                settle();
                DaemonProcess.ProcStatus after = launch.daemon().status();
                rssAfter.add(after.rssMib());
                allocP50.add(allocate.percentileMillis(50));
                allocP99.add(allocate.percentileMillis(99));
                allocWarmP99.add(allocate.percentileMillis(99, 1000));
                prefP50.add(preferred.percentileMillis(50));
                prefP99.add(preferred.percentileMillis(99));
                details.add(String.format(Locale.ROOT,
                        "  run %d: register %.0f ms, warm-up done %.0f ms after the first list, RSS %.1f -> %.1f MiB (anon %.1f, file %.1f), %d threads,"
                                + " Allocate p50/p99 %.3f/%.3f ms (after the first 1,000: p99 %.3f ms),"
                                + " GetPreferredAllocation p50/p99 %.3f/%.3f ms",
                        i + 1, last(register), last(warmUps), last(rssStart), last(rssAfter), after.rssAnonKib() / 1024.0,
                        after.rssFileKib() / 1024.0, after.threads(), last(allocP50), last(allocP99),
                        last(allocWarmP99), last(prefP50),
                        last(prefP99)));
            }
        }
        details.add(0, "dgx-a100 runs (" + options.allocations() + " Allocates, " + PREFERRED_CALLS
                + " GetPreferredAllocations of sizes 1-8 each; every call counted, from the first one after the"
                + " daemon's own start-up warm-up has ended; one uncounted launch before them warms the harness):");
        rows.add(Row.max("start to first Register, dgx-a100", median(register), "ms", 500));
        rows.add(Row.info("daemon's start-up warm-up, done after the first list", median(warmUps), "ms"));
        rows.add(Row.max("RSS after start (dgx-a100, warm-up done + 1 s)", median(rssStart), "MiB", 64));
        rows.add(Row.max("RSS after " + options.allocations() + " Allocates (+ 2,000 preferred)", median(rssAfter),
                "MiB", 64));
        rows.add(Row.info("Allocate p50 (socket, another process)", median(allocP50), "ms"));
        rows.add(Row.max("Allocate p99 (socket, another process)", median(allocP99), "ms", 1));
        rows.add(Row.info("  same, after the first 1,000 calls (warm)", median(allocWarmP99), "ms"));
        rows.add(Row.info("GetPreferredAllocation p50 (dgx-a100, sizes 1-8)", median(prefP50), "ms"));
        rows.add(Row.max("GetPreferredAllocation p99 (dgx-a100, sizes 1-8)", median(prefP99), "ms", 2));
        rows.add(Row.info("daemon threads after start", median(threads), ""));
    }

    /** nvswitch-16 (optionally with replicas): GetPreferredAllocation per size after a short warm-up. */
    private void nvswitch16(String title, List<String> flags, int devices, int[] sizes) throws Exception {
        try (Launch launch = launch("nvswitch-16", flags, options.jvmOptions())) {
            List<String> ids = awaitDevices(launch, GPU, d -> d.size() == devices);
            awaitWarmUp(launch);
            for (int call = 0; call < WARMUP_CALLS; call++) {
                launch.kubelet().preferredAllocation(GPU, ids, List.of(), sizes[call % sizes.length]);
            }
            StringBuilder line = new StringBuilder("  p50/p99 ms by size:");
            double worst = 0;
            int worstSize = 0;
            double size8 = Double.NaN;
            for (int size : sizes) {
                Latencies latencies = new Latencies(CALLS_PER_SIZE);
                for (int call = 0; call < CALLS_PER_SIZE; call++) {
                    long t = System.nanoTime();
                    launch.kubelet().preferredAllocation(GPU, ids, List.of(), size);
                    latencies.add(System.nanoTime() - t);
                }
                double p99 = latencies.percentileMillis(99);
                line.append(String.format(Locale.ROOT, " %d:%.3f/%.3f", size, latencies.percentileMillis(50), p99));
                if (p99 > worst) {
                    worst = p99;
                    worstSize = size;
                }
                if (size == 8) {
                    size8 = p99;
                }
            }
            details.add(title + " (" + devices + " devices, " + CALLS_PER_SIZE + " calls per size after "
                    + WARMUP_CALLS + " warm-up calls):");
            details.add(line.toString());
            if (flags.isEmpty()) {
                rows.add(Row.max(title, size8, "ms", 10));
                rows.add(Row.info("  same, worst size (" + worstSize + ")", worst, "ms"));
            } else {
                rows.add(Row.max(title.replace(", p99", ", worst size (" + worstSize + "), p99"), worst, "ms", 2));
            }
        }
    }

    /** 16 GPUs, MIG mixed, time-slicing replicas: process start to the first full list of every resource. */
    private void largeNode(Path profile, Path config) throws Exception {
        List<Double> fullList = new ArrayList<>();
        List<Double> rss = new ArrayList<>();
        for (int i = 0; i < options.repeats(); i++) {
            try (Launch launch = launch(profile.toString(), List.of("--mig-strategy=mixed", "--config-file=" + config),
                    options.jvmOptions())) {
                for (Map.Entry<String, Integer> resource : LARGE_NODE.entrySet()) {
                    awaitDevices(launch, resource.getKey(), d -> d.size() == resource.getValue());
                }
                fullList.add(millisSince(launch.daemon().startedNanos()));
                awaitWarmUp(launch);
                settle();
                rss.add(launch.daemon().status().rssMib());
            }
        }
        int total = LARGE_NODE.values().stream().mapToInt(Integer::intValue).sum();
        rows.add(Row.info("ListAndWatch, large node (16 GPUs, MIG mixed, replicas; " + LARGE_NODE.size()
                + " resources, " + total + " devices): start to first full list", median(fullList), "ms"));
        rows.add(Row.info("RSS after start, large node", median(rss), "MiB"));
    }

    // ---- in-process (JMH) ------------------------------------------------------------------------

    private void jmh() throws RunnerException {
        String[] eight = IntStream.rangeClosed(1, 8).mapToObj(Integer::toString).toArray(String[]::new);
        String[] sixteen = IntStream.rangeClosed(1, 16).mapToObj(Integer::toString).toArray(String[]::new);
        jmhRow("best-effort, 8 GPUs (dgx-a100), sizes 1-8", "dgx-a100", 0, eight, 2);
        Map<Integer, Double> nvswitch = jmhRow("best-effort, 16 GPUs (nvswitch-16), sizes 1-16", "nvswitch-16", 0,
                sixteen, Double.NaN);
        rows.add(Row.max("best-effort, 16 GPUs, size 8, p99 (in process)", nvswitch.get(8) / 1000.0, "ms", 10));
        jmhRow("distributed, 16 GPUs x 48 replicas, sizes 1-16", "nvswitch-16", 48,
                new String[] {"1", "2", "4", "8", "16"}, 2);
    }

    /** Runs the benchmark for each size; adds a row with the worst p99 and a detail line; p99 (us) by size. */
    private Map<Integer, Double> jmhRow(String title, String node, int replicas, String[] sizes, double targetMs)
            throws RunnerException {
        ChainedOptionsBuilder builder = new OptionsBuilder()
                .include(PreferredAllocationBenchmark.class.getName())
                .param("node", node)
                .param("replicas", Integer.toString(replicas))
                .param("size", sizes)
                .forks(1)
                .warmupIterations(3).warmupTime(TimeValue.milliseconds(300))
                .measurementIterations(5).measurementTime(TimeValue.milliseconds(300))
                .jvmArgs(jitAndGcOptions().toArray(String[]::new))
                .verbosity(VerboseMode.SILENT);
        Map<Integer, Double> p99 = new LinkedHashMap<>();
        StringBuilder line = new StringBuilder("  p50/p99 us by size:");
        for (RunResult result : new Runner(builder.build()).run().stream()
                .sorted(Comparator.comparingInt(r -> Integer.parseInt(r.getParams().getParam("size")))).toList()) {
            int size = Integer.parseInt(result.getParams().getParam("size"));
            var statistics = result.getPrimaryResult().getStatistics();
            p99.put(size, statistics.getPercentile(99));
            line.append(String.format(Locale.ROOT, " %d:%.1f/%.1f", size, statistics.getPercentile(50),
                    statistics.getPercentile(99)));
        }
        Map.Entry<Integer, Double> worst = p99.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
        details.add("JMH " + title + " (in process, JIT/GC flags of the daemon):");
        details.add(line.toString());
        String metric = title + ", worst p99 (size " + worst.getKey() + ", in process)";
        rows.add(Double.isNaN(targetMs) ? Row.info(metric, worst.getValue() / 1000.0, "ms")
                : Row.max(metric, worst.getValue() / 1000.0, "ms", targetMs));
        return p99;
    }

    /** The daemon's GC and JIT choices apply in process too; its memory bounds and archives do not. */
    private List<String> jitAndGcOptions() {
        return options.jvmOptions().stream()
                .filter(o -> o.matches("-XX:[+-]Use\\w*GC|-XX:TieredStopAtLevel=\\d|-XX:CICompilerCount=\\d+"))
                .toList();
    }

    // ---- profile ---------------------------------------------------------------------------------

    /** One more dgx-a100 run with NMT: where the memory goes, the threads and the classes. */
    private void profile() throws Exception {
        List<String> jvm = new ArrayList<>(options.jvmOptions());
        jvm.add("-XX:NativeMemoryTracking=summary");
        try (Launch launch = launch("dgx-a100", List.of(), jvm)) {
            List<String> ids = awaitDevices(launch, GPU, d -> d.size() == 8);
            for (int call = 0; call < options.allocations(); call++) {
                launch.kubelet().allocate(GPU, List.of(List.of(ids.get(call % ids.size()))));
            }
            settle();
            long pid = launch.daemon().pid();
            System.out.println();
            System.out.println("Profile (dgx-a100 after " + options.allocations() + " Allocates, NMT on: "
                    + String.format(Locale.ROOT, "%.1f", launch.daemon().status().rssMib()) + " MiB RSS):");
            System.out.println(jcmd(pid, "VM.native_memory", "summary"));
            System.out.println(jcmd(pid, "VM.metaspace", "basic"));
            String perf = jcmd(pid, "PerfCounter.print");
            perf.lines().filter(l -> l.startsWith("java.cls.loadedClasses") || l.startsWith("java.cls.sharedLoadedClasses")
                    || l.startsWith("sun.cls.appClassLoadTime") || l.startsWith("sun.rt.createVmEndTime")
                    || l.startsWith("sun.rt.createVmBeginTime")).forEach(System.out::println);
            System.out.println("threads:");
            jcmd(pid, "Thread.print").lines().filter(l -> l.startsWith("\""))
                    .map(l -> "  " + l.substring(0, l.indexOf('"', 1) + 1)).forEach(System.out::println);
        }
    }

    private String jcmd(long pid, String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
        cmd.add(Long.toString(pid));
        cmd.addAll(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return out;
    }

    // ---- plumbing --------------------------------------------------------------------------------

    private record Launch(Path dir, KubeletEmulator kubelet, DaemonProcess daemon) implements AutoCloseable {
        @Override
        public void close() {
            daemon.close();
            kubelet.close();
            deleteTree(dir);
        }
    }

    private Launch launch(String node, List<String> extraFlags, List<String> jvmOptions) throws IOException {
        Path dir = Files.createTempDirectory(work, "k");
        KubeletEmulator kubelet = KubeletEmulator.start(dir);
        List<String> flags = new ArrayList<>(List.of("--device-discovery-strategy=simulated",
                "--simulated-node=" + node, "--kubelet-socket=" + kubelet.socket()));
        flags.addAll(extraFlags);
        try {
            return new Launch(dir, kubelet,
                    DaemonProcess.start(options.java(), jvmOptions, options.jar(), flags, work.resolve(dir.getFileName() + ".log")));
        } catch (IOException | RuntimeException e) {
            kubelet.close();
            throw e;
        }
    }

    private static void awaitRegistered(Launch launch, String resource) throws TimeoutException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try {
                launch.kubelet().awaitRegistrations(resource, 1, Duration.ofMillis(250));
                return;
            } catch (TimeoutException e) {
                failIfGone(launch, deadline, e);
            }
        }
    }

    private static List<String> awaitDevices(Launch launch, String resource, Predicate<List<Device>> condition)
            throws TimeoutException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try {
                return launch.kubelet().awaitDevices(resource, condition, Duration.ofMillis(250)).stream()
                        .map(Device::getID).toList();
            } catch (TimeoutException e) {
                failIfGone(launch, deadline, e);
            }
        }
    }

    private static void failIfGone(Launch launch, long deadline, TimeoutException e) throws TimeoutException {
        if (!launch.daemon().isAlive() || System.nanoTime() > deadline) {
            TimeoutException failure = new TimeoutException(e.getMessage() + "; daemon "
                    + (launch.daemon().isAlive() ? "still running" : "exited") + ", its output:\n"
                    + launch.daemon().output());
            failure.initCause(e);
            throw failure;
        }
    }

    /**
     * Waits until the daemon's start-up warm-up (its {@code nvdp-warmup} thread: a loopback of its own
     * call path, see TransportWarmUp) has ended, as it has long before a real node's first pods.
     *
     * @return milliseconds waited
     */
    private static double awaitWarmUp(Launch launch) throws InterruptedException, TimeoutException {
        long started = System.nanoTime();
        long deadline = started + WAIT.toNanos();
        while (launch.daemon().hasThread("nvdp-warmup")) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("the daemon's warm-up did not end within " + WAIT);
            }
            Thread.sleep(20);
        }
        return millisSince(started);
    }

    /** Lets the daemon finish what a call started (JIT, a GC) before memory is read. */
    private static void settle() throws InterruptedException {
        Thread.sleep(1000);
    }

    private Path resource(String name) throws IOException {
        Path file = work.resolve(name);
        try (InputStream in = Harness.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing resource " + name);
            }
            Files.copy(in, file);
        }
        return file;
    }

    private static double millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1e6;
    }

    private static double last(List<Double> values) {
        return values.get(values.size() - 1);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private String machine() {
        String cpu = "?";
        String memory = "?";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
            memory = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .findFirst().map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024 / 1024 + " GiB").orElse("?");
        } catch (IOException e) {
            // informative only
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "?";
        }
        return "nvdp-java benchmark " + ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
                .substring(0, 16) + " UTC on " + host + ": " + Runtime.getRuntime().availableProcessors() + " CPUs ("
                + cpu + "), " + memory + ", JDK " + System.getProperty("java.vm.version") + ", daemon on " + options.java() + ", "
                + options.repeats() + " repeats, load " + loadAverage();
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim().split(" ", 4)[0];
        } catch (IOException e) {
            return "?";
        }
    }

    private void printTable() {
        int width = rows.stream().mapToInt(r -> r.metric().length()).max().orElse(10);
        String format = "%-" + width + "s  %12s  %10s  %s%n";
        System.out.printf(format, "measurement", "measured", "target", "verdict");
        System.out.println("-".repeat(width + 40));
        for (Row row : rows) {
            System.out.printf(Locale.ROOT, format, row.metric(), row.measured(), row.target(), row.verdict());
        }
        System.out.println();
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // a socket the daemon still holds; /tmp is cleaned eventually
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // best effort
        }
    }

    /** One line of the table: the value against an upper bound, or for information. */
    private record Row(String metric, String measured, String target, String verdict) {
        static Row max(String metric, double value, String unit, double bound) {
            String verdict;
            if (Double.isNaN(value)) {
                verdict = "n/a";
            } else if (value <= bound) {
                verdict = "PASS";
            } else {
                verdict = String.format(Locale.ROOT, "MISS by %s %s (%.0f%%)", number(value - bound), unit,
                        100 * (value - bound) / bound);
            }
            return new Row(metric, number(value) + " " + unit, "<= " + number(bound) + " " + unit, verdict);
        }

        static Row info(String metric, double value, String unit) {
            return new Row(metric, (number(value) + " " + unit).trim(), "-", "info");
        }

        private static String number(double value) {
            double v = value;
            if (Math.abs(v) >= 100) {
                return String.format(Locale.ROOT, "%.0f", v);
            }
            if (Math.abs(v) >= 10) {
                return String.format(Locale.ROOT, "%.1f", v);
            }
            return String.format(Locale.ROOT, "%.3f", v);
        }
    }

    /** Command line of the harness. */
    record Options(Path java, Path jar, List<String> jvmOptions, int repeats, int allocations, boolean jmh,
            boolean profile, boolean dgxOnly) {
        static Options parse(String[] args) {
            Path jar = Path.of("bootstrap/target/nvidia-device-plugin.jar");
            // scripts/bench hands the production flags over in the environment (no quoting through Maven)
            String fromEnv = System.getenv().getOrDefault("NVDP_BENCH_JVM_OPTS", "");
            List<String> jvm = fromEnv.isBlank() ? List.of() : List.of(fromEnv.trim().split("\\s+"));
            int repeats = 5;
            int allocations = 10_000;
            boolean jmh = true;
            boolean profile = false;
            boolean dgxOnly = false;
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            for (String arg : args) {
                String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : "";
                switch (arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg) {
                    case "--jar" -> jar = Path.of(value);
                    case "--jvm-opts" -> jvm = value.isBlank() ? List.of() : List.of(value.trim().split("\\s+"));
                    case "--repeats" -> repeats = positive(arg, value);
                    case "--allocations" -> allocations = positive(arg, value);
                    case "--no-jmh" -> jmh = false;
                    case "--profile" -> profile = true;
                    case "--dgx-only" -> dgxOnly = true;
                    case "--java" -> java = Path.of(value);
                    default -> throw new IllegalArgumentException("unknown argument: " + arg
                            + " (known: --jar=, --jvm-opts=, --repeats=, --allocations=, --no-jmh, --profile, --dgx-only, --java=)");
                }
            }
            if (Runtime.version().feature() < 25 && jvm.stream().anyMatch(o -> o.startsWith("-XX:AOTCache"))) {
                // the image's runtime is 25; an older JDK cannot build or map the cache
                System.out.println("JDK " + Runtime.version().feature() + " has no AOT cache: measuring without it");
                jvm = jvm.stream().filter(o -> !o.startsWith("-XX:AOTCache")).toList();
            }
            if (!Files.isRegularFile(jar)) {
                throw new IllegalArgumentException("--jar: no such file: " + jar + " (build it: mvn -pl bootstrap -am package)");
            }
            return new Options(java, jar.toAbsolutePath(), jvm,
                    repeats, allocations, jmh, profile, dgxOnly);
        }

        private static int positive(String arg, String value) {
            try {
                int n = Integer.parseInt(value);
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException(arg.substring(0, arg.indexOf('=')) + ": not a positive number: " + value);
        }
    }
}

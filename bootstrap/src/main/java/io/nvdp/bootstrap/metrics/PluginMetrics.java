package io.nvdp.bootstrap.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The plugin's metrics about itself, rendered in the Prometheus text format. Hand-written rather
 * than a metrics library: a handful of counters does not justify the footprint on every GPU node.
 */
public final class PluginMetrics {
    /** Latency buckets in seconds: the admission path is expected in the sub-millisecond range. */
    private static final double[] BUCKETS = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05, 0.25, 1};

    private final Map<String, LongAdder> allocations = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> allocationErrors = new ConcurrentHashMap<>();
    private final Map<String, Histogram> latencies = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> registrations = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> registrationFailures = new ConcurrentHashMap<>();
    private final Map<Long, LongAdder> xids = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> healthEvents = new ConcurrentHashMap<>();
    private final LongAdder reloads = new LongAdder();
    private final LongAdder reloadFailures = new LongAdder();
    private volatile Supplier<Map<String, int[]>> devices = Map::of;
    private volatile IntSupplier servedPlugins = () -> 0;
    private volatile IntSupplier trackedPlugins = () -> 0;

    /** Where the current device counts come from: resource -> {healthy, unhealthy}. */
    public void devicesFrom(Supplier<Map<String, int[]>> source) {
        this.devices = source;
    }

    /** Where the counts of served plugins and of plugins under health tracking come from. */
    public void pluginsFrom(IntSupplier served, IntSupplier tracked) {
        this.servedPlugins = served;
        this.trackedPlugins = tracked;
    }

    public void allocation(String resource, String rpc, long nanos, boolean ok) {
        String key = resource + "\u0000" + rpc;
        (ok ? allocations : allocationErrors).computeIfAbsent(key, k -> new LongAdder()).increment();
        latencies.computeIfAbsent(key, k -> new Histogram()).observe(nanos / 1e9);
    }

    public void registered(String resource) {
        registrations.computeIfAbsent(resource, k -> new LongAdder()).increment();
    }

    public void registrationFailed(String resource) {
        registrationFailures.computeIfAbsent(resource, k -> new LongAdder()).increment();
    }

    public void xid(long xid) {
        xids.computeIfAbsent(xid, k -> new LongAdder()).increment();
    }

    public void healthEvent(String kind) {
        healthEvents.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    public void reload(boolean ok) {
        (ok ? reloads : reloadFailures).increment();
    }

    /** The Prometheus text exposition (version 0.0.4). */
    public String scrape() {
        StringBuilder out = new StringBuilder(2048);
        Map<String, int[]> current = new TreeMap<>(devices.get());
        header(out, "nvdp_devices", "gauge", "Devices advertised per resource and health.");
        current.forEach((resource, counts) -> {
            out.append("nvdp_devices{resource=\"").append(resource).append("\",health=\"Healthy\"} ").append(counts[0]).append('\n');
            out.append("nvdp_devices{resource=\"").append(resource).append("\",health=\"Unhealthy\"} ").append(counts[1]).append('\n');
        });
        header(out, "nvdp_served_plugins", "gauge", "Device plugins served to kubelet (one per resource).");
        out.append("nvdp_served_plugins ").append(servedPlugins.getAsInt()).append('\n');
        header(out, "nvdp_health_tracked_plugins", "gauge", "Device plugins whose device health is tracked.");
        out.append("nvdp_health_tracked_plugins ").append(trackedPlugins.getAsInt()).append('\n');
        header(out, "nvdp_allocations_total", "counter", "Allocate and GetPreferredAllocation calls answered.");
        rpcCounter(out, "nvdp_allocations_total", allocations);
        header(out, "nvdp_allocation_errors_total", "counter", "Allocate and GetPreferredAllocation calls that failed.");
        rpcCounter(out, "nvdp_allocation_errors_total", allocationErrors);
        header(out, "nvdp_allocation_duration_seconds", "histogram", "Time to answer an allocation RPC.");
        new TreeMap<>(latencies).forEach((key, h) -> h.render(out, "nvdp_allocation_duration_seconds", labels(key)));
        header(out, "nvdp_registrations_total", "counter", "Successful registrations with kubelet.");
        resourceCounter(out, "nvdp_registrations_total", registrations);
        header(out, "nvdp_registration_failures_total", "counter", "Failed registrations with kubelet.");
        resourceCounter(out, "nvdp_registration_failures_total", registrationFailures);
        header(out, "nvdp_health_xid_events_total", "counter", "Xid events received, by Xid.");
        new TreeMap<>(xids).forEach((xid, n) ->
                out.append("nvdp_health_xid_events_total{xid=\"").append(xid).append("\"} ").append(n.sum()).append('\n'));
        header(out, "nvdp_health_events_total", "counter", "Health events received, by kind.");
        new TreeMap<>(healthEvents).forEach((kind, n) ->
                out.append("nvdp_health_events_total{kind=\"").append(kind).append("\"} ").append(n.sum()).append('\n'));
        header(out, "nvdp_reloads_total", "counter", "Configuration reloads, by result.");
        out.append("nvdp_reloads_total{result=\"applied\"} ").append(reloads.sum()).append('\n');
        out.append("nvdp_reloads_total{result=\"rejected\"} ").append(reloadFailures.sum()).append('\n');
        return out.toString();
    }

    private static void header(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void rpcCounter(StringBuilder out, String name, Map<String, LongAdder> counters) {
        new TreeMap<>(counters).forEach((key, n) ->
                out.append(name).append('{').append(labels(key)).append("} ").append(n.sum()).append('\n'));
    }

    private static void resourceCounter(StringBuilder out, String name, Map<String, LongAdder> counters) {
        new TreeMap<>(counters).forEach((resource, n) ->
                out.append(name).append("{resource=\"").append(resource).append("\"} ").append(n.sum()).append('\n'));
    }

    private static String labels(String key) {
        int sep = key.indexOf('\u0000');
        return "resource=\"" + key.substring(0, sep) + "\",rpc=\"" + key.substring(sep + 1) + "\"";
    }

    /** A fixed-bucket histogram; lock-free increments. */
    private static final class Histogram {
        private final LongAdder[] counts = new LongAdder[BUCKETS.length];
        private final LongAdder total = new LongAdder();
        private final AtomicLong sumNanos = new AtomicLong();

        Histogram() {
            for (int i = 0; i < counts.length; i++) {
                counts[i] = new LongAdder();
            }
        }

        void observe(double seconds) {
            for (int i = 0; i < BUCKETS.length; i++) {
                if (seconds <= BUCKETS[i]) {
                    counts[i].increment();
                    break;
                }
            }
            total.increment();
            sumNanos.addAndGet((long) (seconds * 1e9));
        }

        void render(StringBuilder out, String name, String labels) {
            long cumulative = 0;
            for (int i = 0; i < BUCKETS.length; i++) {
                cumulative += counts[i].sum();
                out.append(name).append("_bucket{").append(labels).append(",le=\"").append(BUCKETS[i]).append("\"} ")
                        .append(cumulative).append('\n');
            }
            long n = total.sum();
            out.append(name).append("_bucket{").append(labels).append(",le=\"+Inf\"} ").append(n).append('\n');
            out.append(name).append("_sum{").append(labels).append("} ").append(sumNanos.get() / 1e9).append('\n');
            out.append(name).append("_count{").append(labels).append("} ").append(n).append('\n');
        }
    }
}

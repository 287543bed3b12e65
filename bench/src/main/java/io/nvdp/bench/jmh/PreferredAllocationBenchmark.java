package io.nvdp.bench.jmh;

import io.nvdp.domain.allocation.PreferredAllocationRequest;
import io.nvdp.domain.config.PluginConfig;
import io.nvdp.domain.config.ReplicatedResource;
import io.nvdp.domain.config.TimeSlicing;
import io.nvdp.domain.model.AdvertisedDevice;
import io.nvdp.domain.model.Node;
import io.nvdp.domain.model.ResourceName;
import io.nvdp.domain.plan.ResourceDevices;
import io.nvdp.domain.plan.ResourcePlan;
import io.nvdp.domain.plugin.ResourceDevicePlugin;
import io.nvdp.simulator.inventory.SimulatedGpuInventory;
import io.nvdp.simulator.profile.NodeProfiles;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * GetPreferredAllocation in process, through the domain's public API ({@link ResourceDevicePlugin}), on the
 * GPUs and topology of a simulated node: best-effort for whole GPUs, the distributed policy when the GPUs
 * are time-sliced into replicas. Every device is available and nothing is required, which is the widest
 * search. Sample mode, so that p50 and p99 come out alongside the mean.
 *
 * <p>The harness ({@code scripts/bench}) runs it for dgx-a100 sizes 1-8, nvswitch-16 sizes 1-16 and
 * nvswitch-16 with 48 replicas; alone:
 * <pre>
 * scripts/with-jdk mvn -q install -DskipTests -pl bench -am
 * scripts/with-jdk mvn -q -pl bench exec:exec -Dexec.executable=java \
 *     -Dexec.args="-cp %classpath org.openjdk.jmh.Main PreferredAllocation -p node=nvswitch-16 -p size=8"
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PreferredAllocationBenchmark {
    /** A built-in simulator profile name (or a profile file). */
    @Param({"nvswitch-16"})
    public String node;

    /** Time-slicing replicas per GPU; 0 for none (whole GPUs, best-effort policy). */
    @Param({"0"})
    public int replicas;

    @Param({"8"})
    public int size;

    private ResourceDevicePlugin plugin;
    private List<PreferredAllocationRequest> request;

    @Setup
    public void setUp() {
        Node gpus = new SimulatedGpuInventory(NodeProfiles.load(node)).discover();
        PluginConfig config = PluginConfig.defaults();
        if (replicas > 0) {
            config = config.withTimeSlicing(new TimeSlicing(false, false,
                    List.of(new ReplicatedResource(ResourceName.GPU, replicas, Optional.empty()))));
        }
        ResourceDevices devices = ResourcePlan.of(gpus, config).resource(ResourceName.GPU).orElseThrow();
        plugin = new ResourceDevicePlugin(devices, config, gpus.topology(), path -> true, () -> "bench");
        List<String> available = plugin.devices().stream().map(AdvertisedDevice::id).toList();
        request = List.of(new PreferredAllocationRequest(available, List.of(), size));
        List<List<String>> answer = plugin.preferredAllocation(request);
        if (answer.get(0).size() != size) {
            throw new IllegalStateException("preferred allocation of " + size + " on " + node + " answered " + answer);
        }
    }

    @Benchmark
    public List<List<String>> preferredAllocation() {
        return plugin.preferredAllocation(request);
    }
}

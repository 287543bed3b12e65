package io.nvdp.domain.policy;

import io.nvdp.domain.allocation.PreferredAllocationRequest;
import io.nvdp.domain.config.PluginConfig;
import io.nvdp.domain.model.ComputeCapability;
import io.nvdp.domain.model.Gpu;
import io.nvdp.domain.model.Node;
import io.nvdp.domain.model.Topology;
import io.nvdp.domain.plan.ResourcePlan;
import io.nvdp.domain.plugin.ResourceDevicePlugin;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Best-effort preferred allocation on a 16-GPU all-to-all NVSwitch node (the hot path of pod admission).
 *
 * <pre>
 * mvn -o -pl domain test-compile exec:exec -Dexec.classpathScope=test -Dexec.executable=java \
 *     -Dexec.args="-cp %classpath org.openjdk.jmh.Main BestEffort -f 1 -wi 3 -i 5"
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class BestEffortBenchmark {
    private static final int GPUS = 16;

    @Param({"8", "4", "2"})
    public int size;

    private int[][] scores;
    private ResourceDevicePlugin plugin;
    private List<PreferredAllocationRequest> request;

    @Setup
    public void setUp() {
        scores = Topologies.scores(GPUS, Topologies.nvswitch(GPUS));
        List<Gpu> gpus = IntStream.range(0, GPUS).mapToObj(i -> new Gpu(i, Topologies.uuid(i), "NVIDIA H100 80GB HBM3", i,
                81920, "", OptionalInt.of(i / 8), new ComputeCapability(9, 0), false, List.of(), List.of())).toList();
        Node node = new Node(gpus, Topology.of(Topologies.nvswitch(GPUS)));
        PluginConfig config = PluginConfig.defaults();
        plugin = new ResourceDevicePlugin(ResourcePlan.of(node, config).resources().get(0), config, node.topology(),
                p -> false, () -> "id");
        request = List.of(new PreferredAllocationRequest(
                gpus.stream().map(Gpu::uuid).toList(), List.of(), size));
    }

    @Benchmark
    public int[] policy() {
        return BestEffortPolicy.allocate(scores, new int[0], size);
    }

    @Benchmark
    public List<List<String>> plugin() {
        return plugin.preferredAllocation(request);
    }
}

package io.nvdp.domain.plugin;

import static io.nvdp.domain.fixtures.Nodes.config;
import static io.nvdp.domain.fixtures.Nodes.gpu;
import static io.nvdp.domain.fixtures.Nodes.gpuUuid;
import static io.nvdp.domain.fixtures.Nodes.migGpu;
import static io.nvdp.domain.fixtures.Nodes.migUuid;
import static io.nvdp.domain.fixtures.Nodes.timeSliced;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nvdp.domain.allocation.AllocationException;
import io.nvdp.domain.allocation.PreferredAllocationRequest;
import io.nvdp.domain.config.MigStrategy;
import io.nvdp.domain.config.PluginConfig;
import io.nvdp.domain.config.SharedAllocationPolicy;
import io.nvdp.domain.model.Gpu;
import io.nvdp.domain.model.Health;
import io.nvdp.domain.model.Node;
import io.nvdp.domain.model.Topology;
import io.nvdp.domain.plan.ResourcePlan;
import io.nvdp.domain.policy.Topologies;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PreferredAllocationTest {

    static Node dgx1() {
        Gpu[] gpus = IntStream.range(0, 8).mapToObj(i -> gpu(i)).toArray(Gpu[]::new);
        return new Node(List.of(gpus), Topology.of(Topologies.dgx1()));
    }

    static Node plainNode(int n) {
        return new Node(IntStream.range(0, n).mapToObj(i -> gpu(i)).toList(), Topology.empty());
    }

    static ResourceDevicePlugin plugin(Node node, PluginConfig config) {
        ResourcePlan plan = ResourcePlan.of(node, config);
        return new ResourceDevicePlugin(plan.resources().get(0), config, node.topology(), p -> false, () -> "id");
    }

    static List<String> prefer(ResourceDevicePlugin p, List<String> available, List<String> must, int size) {
        return p.preferredAllocation(List.of(new PreferredAllocationRequest(available, must, size))).get(0);
    }

    static List<String> gpus(int... indices) {
        return IntStream.of(indices).mapToObj(i -> gpuUuid(i)).toList();
    }

    @Test
    void fullGpusGetTheTopologyAwareAnswer() {
        ResourceDevicePlugin p = plugin(dgx1(), config());
        assertThat(prefer(p, gpus(0, 1, 2, 3, 4, 5, 6, 7), List.of(), 2)).isEqualTo(gpus(0, 3));
        assertThat(prefer(p, gpus(0, 1, 2, 3, 4, 5, 6, 7), gpus(4), 2)).isEqualTo(gpus(4, 7));
        assertThat(prefer(p, gpus(0, 1, 2, 3, 4, 5, 6, 7), gpus(4), 4)).isEqualTo(gpus(4, 5, 6, 7));
        assertThat(prefer(p, gpus(0, 2, 4, 5), List.of(), 2)).isEqualTo(gpus(4, 5));
    }

    @Test
    void eachContainerRequestGetsItsOwnAnswer() {
        ResourceDevicePlugin p = plugin(dgx1(), config());
        List<List<String>> answers = p.preferredAllocation(List.of(
                new PreferredAllocationRequest(gpus(0, 1, 2, 3), List.of(), 1),
                new PreferredAllocationRequest(gpus(4, 5, 6, 7), List.of(), 4)));
        assertThat(answers).containsExactly(gpus(0), gpus(4, 5, 6, 7));
    }

    @Test
    void unknownAvailableIdsAreDropped() {
        ResourceDevicePlugin p = plugin(dgx1(), config());
        List<String> available = new ArrayList<>(List.of("GPU-unknown"));
        available.addAll(gpus(0, 1, 2, 3));
        assertThat(prefer(p, available, List.of(), 2)).isEqualTo(gpus(0, 3));
    }

    @Test
    void unhealthyDevicesAreNeverOffered() {
        ResourceDevicePlugin p = plugin(dgx1(), config());
        p.updateHealth(d -> d.id().equals(gpuUuid(3)) ? Health.UNHEALTHY : Health.HEALTHY);
        assertThat(prefer(p, gpus(0, 1, 2, 3), List.of(), 2)).doesNotContain(gpuUuid(3)).hasSize(2);
    }

    @Test
    void gpusWithoutTopologyDataGetATopologyUnawareAnswer() {
        ResourceDevicePlugin p = plugin(plainNode(4), config());
        assertThat(prefer(p, gpus(2, 0, 3, 1), gpus(3), 2)).isEqualTo(gpus(3, 2));
        assertThat(prefer(p, gpus(2, 0, 3, 1), List.of(), 3)).isEqualTo(gpus(2, 0, 3));
    }

    @Test
    void tooFewUsableDevicesIsAnError() {
        ResourceDevicePlugin p = plugin(dgx1(), config());
        p.updateHealth(d -> d.id().equals(gpuUuid(1)) ? Health.UNHEALTHY : Health.HEALTHY);
        assertThatThrownBy(() -> prefer(p, gpus(0, 1), List.of(), 2))
                .isInstanceOf(AllocationException.class)
                .hasMessage("not enough available devices to satisfy allocation");
    }

    @Test
    void aMustIncludeDeviceThatIsUnknownOrNotOfferedIsAnError() {
        ResourceDevicePlugin p = plugin(dgx1(), config());
        assertThatThrownBy(() -> prefer(p, gpus(0, 1), List.of("GPU-nope"), 2))
                .isInstanceOf(AllocationException.class).hasMessageContaining("GPU-nope");
        assertThatThrownBy(() -> prefer(p, gpus(0, 1), gpus(5), 2))
                .isInstanceOf(AllocationException.class).hasMessageContaining(gpuUuid(5));
    }

    @Test
    void moreMustIncludeThanSizeIsAnError() {
        ResourceDevicePlugin p = plugin(dgx1(), config());
        assertThatThrownBy(() -> prefer(p, gpus(0, 1, 2), gpus(0, 1), 1)).isInstanceOf(AllocationException.class);
    }

    @Test
    void aZeroSizeGetsAnEmptyAnswer() {
        assertThat(prefer(plugin(dgx1(), config()), gpus(0, 1), List.of(), 0)).isEmpty();
    }

    @Test
    void distributedSpreadsReplicasAcrossGpus() {
        ResourceDevicePlugin p = plugin(plainNode(2), timeSliced(config(), false, false, "gpu", 4));
        assertThat(perGpu(prefer(p, ids(p), List.of(), 2))).containsValues(1, 1);
        assertThat(perGpu(prefer(p, ids(p), List.of(), 4))).containsValues(2, 2);
        ResourceDevicePlugin three = plugin(plainNode(3), timeSliced(config(), false, false, "gpu", 2));
        assertThat(perGpu(prefer(three, ids(three), List.of(), 3))).containsValues(1, 1, 1);
    }

    @Test
    void distributedPrefersGpusWithFewerReplicasInUse() {
        ResourceDevicePlugin p = plugin(plainNode(2), timeSliced(config(), false, false, "gpu", 4));
        // GPU 0 has three replicas in use elsewhere: both picks go to GPU 1.
        List<String> available = List.of(gpuUuid(0) + "::3", gpuUuid(1) + "::0", gpuUuid(1) + "::1", gpuUuid(1) + "::2");
        assertThat(prefer(p, available, List.of(), 2)).containsExactly(gpuUuid(1) + "::0", gpuUuid(1) + "::1");
    }

    @Test
    void distributedReturnsMustIncludeFirst() {
        ResourceDevicePlugin p = plugin(plainNode(2), timeSliced(config(), false, false, "gpu", 4));
        List<String> answer = prefer(p, ids(p), List.of(gpuUuid(0) + "::2"), 2);
        assertThat(answer).containsExactly(gpuUuid(0) + "::2", gpuUuid(1) + "::0");
    }

    @Test
    void distributedCannotAllocateMoreThanOffered() {
        ResourceDevicePlugin p = plugin(plainNode(1), timeSliced(config(), false, false, "gpu", 2));
        assertThatThrownBy(() -> prefer(p, ids(p), List.of(), 5))
                .isInstanceOf(AllocationException.class)
                .hasMessage("not enough available devices to satisfy allocation");
    }

    @Test
    void packedFillsOneGpuBeforeTheNext() {
        PluginConfig packed = withPolicy(timeSliced(config(), false, false, "gpu", 4), SharedAllocationPolicy.PACKED);
        ResourceDevicePlugin p = plugin(plainNode(2), packed);
        assertThat(perGpu(prefer(p, ids(p), List.of(), 2))).containsValues(2);
        assertThat(perGpu(prefer(p, ids(p), List.of(), 5))).containsValues(4, 1);
        ResourceDevicePlugin three = plugin(plainNode(3), withPolicy(timeSliced(config(), false, false, "gpu", 2),
                SharedAllocationPolicy.PACKED));
        assertThat(perGpu(prefer(three, ids(three), List.of(), 3)).values()).allMatch(c -> c <= 2);
    }

    @Test
    void migDevicesUseTheSharedPolicyPerMigDevice() {
        PluginConfig cfg = config().withMigStrategy(MigStrategy.SINGLE);
        ResourceDevicePlugin p = plugin(new Node(List.of(migGpu(0, "1g.5gb", "1g.5gb"), migGpu(1, "1g.5gb")),
                Topology.empty()), cfg);
        List<String> available = List.of(migUuid(0, 0), migUuid(0, 1), migUuid(1, 0));
        assertThat(prefer(p, available, List.of(), 2)).containsExactly(migUuid(0, 0), migUuid(0, 1));
    }

    @Test
    void distributedPropertiesHoldOverManySeeds() {
        for (int seed = 0; seed < 300; seed++) {
            Random random = new Random(seed);
            int gpuCount = 1 + random.nextInt(6);
            int replicas = 2 + random.nextInt(5);
            ResourceDevicePlugin p = plugin(plainNode(gpuCount), timeSliced(config(), false, false, "gpu", replicas));
            List<String> all = ids(p);
            List<String> available = new ArrayList<>(all);
            Collections.shuffle(available, random);
            boolean fresh = random.nextBoolean();
            if (!fresh) {
                available = available.subList(0, 1 + random.nextInt(available.size()));
            }
            List<String> must = random.nextInt(3) == 0 ? List.of(available.get(0)) : List.of();
            int size = Math.max(must.size(), 1 + random.nextInt(available.size()));
            List<String> answer = prefer(p, available, must, size);

            assertThat(answer).hasSize(size).doesNotHaveDuplicates();
            assertThat(available).containsAll(answer);
            assertThat(answer.subList(0, must.size())).isEqualTo(must);
            if (fresh && must.isEmpty()) {
                // Nothing in use yet: picks are as even as possible across GPUs.
                Map<String, Integer> counts = perGpu(answer);
                int max = counts.values().stream().max(Integer::compare).orElse(0);
                int min = counts.size() < gpuCount ? 0 : counts.values().stream().min(Integer::compare).orElse(0);
                assertThat(max - min).as("seed %d: %s", seed, counts).isLessThanOrEqualTo(1);
            }
        }
    }

    @Test
    void packedPropertiesHoldOverManySeeds() {
        for (int seed = 0; seed < 300; seed++) {
            Random random = new Random(seed);
            int gpuCount = 1 + random.nextInt(6);
            int replicas = 2 + random.nextInt(5);
            ResourceDevicePlugin p = plugin(plainNode(gpuCount),
                    withPolicy(timeSliced(config(), false, false, "gpu", replicas), SharedAllocationPolicy.PACKED));
            List<String> available = new ArrayList<>(ids(p));
            Collections.shuffle(available, random);
            int size = 1 + random.nextInt(available.size());
            List<String> answer = prefer(p, available, List.of(), size);

            assertThat(answer).hasSize(size).doesNotHaveDuplicates();
            assertThat(available).containsAll(answer);
            // Fresh node: every GPU but the last one touched is filled completely.
            Map<String, Integer> counts = perGpu(answer);
            long partial = counts.values().stream().filter(c -> c < replicas).count();
            assertThat(partial).as("seed %d: %s", seed, counts).isLessThanOrEqualTo(1);
            assertThat(counts).hasSize((size + replicas - 1) / replicas);
        }
    }

    static PluginConfig withPolicy(PluginConfig c, SharedAllocationPolicy policy) {
        return new PluginConfig(c.migStrategy(), c.failOnInitError(), c.nvidiaDriverRoot(), c.passDeviceSpecs(),
                c.deviceListStrategies(), c.deviceIdStrategy(), c.gdsEnabled(), c.mofedEnabled(), c.cdiAnnotationPrefix(),
                c.nvidiaCtkPath(), c.containerDriverRoot(), policy, c.timeSlicing());
    }

    static List<String> ids(ResourceDevicePlugin p) {
        return p.devices().stream().map(d -> d.id()).toList();
    }

    static Map<String, Integer> perGpu(List<String> ids) {
        Map<String, Integer> counts = new HashMap<>();
        ids.forEach(id -> counts.merge(id.substring(0, id.indexOf("::")), 1, Integer::sum));
        return counts;
    }
}

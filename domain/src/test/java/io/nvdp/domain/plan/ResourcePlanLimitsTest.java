package io.nvdp.domain.plan;

import static io.nvdp.domain.fixtures.Nodes.config;
import static io.nvdp.domain.fixtures.Nodes.gpu;
import static io.nvdp.domain.fixtures.Nodes.migGpu;
import static io.nvdp.domain.fixtures.Nodes.node;
import static io.nvdp.domain.fixtures.Nodes.timeSliced;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nvdp.domain.DomainException;
import io.nvdp.domain.config.MigStrategy;
import io.nvdp.domain.config.PluginConfig;
import io.nvdp.domain.config.ReplicatedResource;
import io.nvdp.domain.config.TimeSlicing;
import io.nvdp.domain.model.Gpu;
import io.nvdp.domain.model.Node;
import io.nvdp.domain.model.ResourceName;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** How many devices a plan may advertise: the bound that keeps a replica count from deciding the memory. */
class ResourcePlanLimitsTest {
    private static Node eightGpus() {
        return node(IntStream.range(0, 8).mapToObj(i -> gpu(i)).toArray(Gpu[]::new));
    }

    @Test
    void replicasUpToTheLimitPerResourceArePlanned() {
        ResourcePlan plan = ResourcePlan.of(eightGpus(), timeSliced(config(), false, false, "gpu", 2048));
        assertThat(plan.resources().getFirst().devices()).hasSize(ResourcePlan.MAX_DEVICES_PER_RESOURCE);
    }

    @Test
    void replicasPastTheLimitPerResourceAreOneLineNamingTheLimit() {
        assertThatThrownBy(() -> ResourcePlan.of(eightGpus(), timeSliced(config(), false, false, "gpu", 100_000)))
                .isInstanceOf(DomainException.class)
                .hasMessage("sharing.timeSlicing resource 'nvidia.com/gpu' with replicas 100000 on 8 devices would "
                        + "advertise 800000 devices as 'nvidia.com/gpu', over the limit of 16384 devices per resource");
    }

    @Test
    void theCountDoesNotOverflowForTheLargestReplicaCount() {
        assertThatThrownBy(() -> ResourcePlan.of(eightGpus(),
                timeSliced(config(), false, false, "gpu", Integer.MAX_VALUE)))
                .isInstanceOf(DomainException.class)
                .hasMessageContaining("would advertise 17179869176 devices");
    }

    @Test
    void resourcesPastTheLimitPerNodeAreOneLineNamingTheLimit() {
        Node node = node(migGpu(0, "1g.5gb", "2g.10gb", "3g.20gb"));
        List<ReplicatedResource> shared = List.of("mig-1g.5gb", "mig-2g.10gb", "mig-3g.20gb").stream()
                .map(n -> new ReplicatedResource(ResourceName.of(n), 12_000, Optional.empty()))
                .toList();
        PluginConfig config = config().withMigStrategy(MigStrategy.MIXED)
                .withTimeSlicing(new TimeSlicing(false, false, shared));
        assertThatThrownBy(() -> ResourcePlan.of(node, config))
                .isInstanceOf(DomainException.class)
                .hasMessage("the node's resources would advertise 36000 devices, over the limit of 32768 devices per node");
    }
}

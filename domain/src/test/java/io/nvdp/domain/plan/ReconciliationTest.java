package io.nvdp.domain.plan;

import static io.nvdp.domain.fixtures.Nodes.config;
import static io.nvdp.domain.fixtures.Nodes.gpu;
import static io.nvdp.domain.fixtures.Nodes.migGpu;
import static io.nvdp.domain.fixtures.Nodes.node;
import static io.nvdp.domain.fixtures.Nodes.timeSliced;
import static org.assertj.core.api.Assertions.assertThat;

import io.nvdp.domain.config.DeviceIdStrategy;
import io.nvdp.domain.config.MigStrategy;
import io.nvdp.domain.config.PluginConfig;
import io.nvdp.domain.model.Gpu;
import io.nvdp.domain.model.Health;
import io.nvdp.domain.model.Node;
import io.nvdp.domain.model.ResourceName;
import io.nvdp.domain.model.Topology;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ReconciliationTest {
    private static final ResourceName GPU = ResourceName.GPU;
    private static final int PAIRS = 600;
    private static final String[] PROFILES = {"1g.5gb", "2g.10gb", "3g.20gb", "7g.40gb"};

    @Test
    void aFirstStartStartsEveryResource() {
        ServedPlan next = served(node(migGpu(0, "1g.5gb"), gpu(1)), config().withMigStrategy(MigStrategy.MIXED));
        Reconciliation r = Reconciliation.firstStart(next);
        assertThat(r.started()).isEqualTo(next.plan().resources());
        assertThat(r.kept()).isEmpty();
        assertThat(r.replaced()).isEmpty();
        assertThat(r.retired()).isEmpty();
    }

    @Test
    void namesKeptReplacedStartedAndRetiredResources() {
        PluginConfig mixed = config().withMigStrategy(MigStrategy.MIXED);
        ServedPlan before = served(node(migGpu(0, "1g.5gb", "2g.10gb"), gpu(1)), mixed);
        ServedPlan after = served(node(migGpu(0, "3g.20gb", "2g.10gb"), gpu(1), gpu(2)), mixed);
        Reconciliation r = Reconciliation.between(Optional.of(before), after);
        assertThat(r.kept()).containsExactly(ResourceName.of("mig-2g.10gb"));
        assertThat(r.replaced()).extracting(ResourceDevices::name).containsExactly(GPU);
        assertThat(r.started()).extracting(ResourceDevices::name).containsExactly(ResourceName.of("mig-3g.20gb"));
        assertThat(r.retired()).containsExactly(ResourceName.of("mig-1g.5gb"));
        assertThat(r.toStop()).containsExactlyInAnyOrder(GPU, ResourceName.of("mig-1g.5gb"));
    }

    @Test
    void healthIsNoChange() {
        ServedPlan before = served(node(gpu(0), gpu(1)), config());
        ResourceDevices sick = new ResourceDevices(GPU, before.plan().resources().get(0).devices().stream()
                .map(d -> d.withHealth(Health.UNHEALTHY)).toList());
        assertThat(sick.sameDevicesAs(before.plan().resources().get(0))).isTrue();
        assertThat(Reconciliation.between(Optional.of(before), served(node(gpu(0), gpu(1)), config())).kept())
                .containsExactly(GPU);
    }

    @Test
    void aConfigThatChangesTheAnswersReplacesEvenWithTheSameDevices() {
        Node node = node(gpu(0), gpu(1));
        ServedPlan before = served(node, config());
        ServedPlan index = served(node, withIdStrategy(config(), DeviceIdStrategy.INDEX));
        assertThat(Reconciliation.between(Optional.of(before), index).replaced()).extracting(ResourceDevices::name)
                .containsExactly(GPU);

        ServedPlan shared = served(node, timeSliced(config(), false, false, "nvidia.com/gpu", 2));
        ServedPlan strict = served(node, timeSliced(config(), false, true, "nvidia.com/gpu", 2));
        assertThat(Reconciliation.between(Optional.of(shared), strict).replaced()).extracting(ResourceDevices::name)
                .containsExactly(GPU);
    }

    @Test
    void overRandomPairsOfPlansEveryResourceIsNamedOnceAndTheOutcomeIsTheNewPlan() {
        Random random = new Random(20261202L);
        for (int i = 0; i < PAIRS; i++) {
            ServedPlan before = randomPlan(random);
            ServedPlan after = randomPlan(random);
            String pair = "pair " + i + ": " + before + " -> " + after;
            Reconciliation r = Reconciliation.between(Optional.of(before), after);

            Set<ResourceName> old = names(before);
            Set<ResourceName> next = names(after);
            List<ResourceName> all = new ArrayList<>(r.kept());
            r.replaced().forEach(d -> all.add(d.name()));
            r.started().forEach(d -> all.add(d.name()));
            all.addAll(r.retired());
            assertThat(all).as(pair).doesNotHaveDuplicates();
            assertThat(new HashSet<>(all)).as(pair).isEqualTo(union(old, next));
            assertThat(r.served()).as(pair).isEqualTo(next);
            assertThat(r.retired()).as(pair).containsExactlyInAnyOrderElementsOf(minus(old, next));
            assertThat(r.started()).extracting(ResourceDevices::name).as(pair)
                    .containsExactlyInAnyOrderElementsOf(minus(next, old));
            // What is served afresh is exactly the new plan's devices for those resources.
            Map<ResourceName, ResourceDevices> planned = byName(after);
            assertThat(r.toServe()).as(pair).allSatisfy(d -> assertThat(d).isEqualTo(planned.get(d.name())));

            Map<ResourceName, ResourceDevices> running = byName(before);
            for (ResourceName kept : r.kept()) {
                assertThat(running.get(kept).sameDevicesAs(planned.get(kept))).as(pair + " kept " + kept).isTrue();
            }
            if (before.config().equals(after.config())) {
                for (ResourceDevices replaced : r.replaced()) {
                    assertThat(running.get(replaced.name()).sameDevicesAs(replaced)).as(pair).isFalse();
                }
            }
            // Applying the same plan again changes nothing; going back undoes exactly what was done.
            assertThat(Reconciliation.between(Optional.of(after), after).changesNothing()).as(pair).isTrue();
            Reconciliation back = Reconciliation.between(Optional.of(after), before);
            assertThat(back.kept()).as(pair).isEqualTo(r.kept());
            assertThat(back.retired()).as(pair)
                    .isEqualTo(r.started().stream().map(ResourceDevices::name).toList());
        }
    }

    private static ServedPlan randomPlan(Random random) {
        List<Gpu> gpus = new ArrayList<>();
        int count = 1 + random.nextInt(4);
        for (int i = 0; i < count; i++) {
            if (random.nextInt(3) == 0) {
                gpus.add(migGpu(i, PROFILES[random.nextInt(PROFILES.length)], PROFILES[random.nextInt(PROFILES.length)]));
            } else {
                gpus.add(gpu(i));
            }
        }
        PluginConfig config = config().withMigStrategy(random.nextBoolean() ? MigStrategy.MIXED : MigStrategy.NONE);
        if (random.nextInt(4) == 0) {
            config = withIdStrategy(config, DeviceIdStrategy.INDEX);
        }
        if (random.nextBoolean()) {
            String resource = random.nextBoolean() ? "nvidia.com/gpu" : "nvidia.com/mig-" + PROFILES[random.nextInt(2)];
            config = timeSliced(config, random.nextBoolean(), random.nextBoolean(), resource, 2 + random.nextInt(3));
        }
        return served(new Node(gpus, Topology.empty()), config);
    }

    private static PluginConfig withIdStrategy(PluginConfig c, DeviceIdStrategy strategy) {
        return new PluginConfig(c.migStrategy(), c.failOnInitError(), c.nvidiaDriverRoot(), c.passDeviceSpecs(),
                c.deviceListStrategies(), strategy, c.gdsEnabled(), c.mofedEnabled(), c.cdiAnnotationPrefix(),
                c.nvidiaCtkPath(), c.containerDriverRoot(), c.sharedAllocationPolicy(), c.timeSlicing());
    }

    private static ServedPlan served(Node node, PluginConfig config) {
        return new ServedPlan(ResourcePlan.of(node, config), config);
    }

    private static Set<ResourceName> names(ServedPlan plan) {
        return plan.plan().resources().stream().map(ResourceDevices::name).collect(Collectors.toSet());
    }

    private static Map<ResourceName, ResourceDevices> byName(ServedPlan plan) {
        Map<ResourceName, ResourceDevices> map = new TreeMap<>();
        plan.plan().resources().forEach(d -> map.put(d.name(), d));
        return map;
    }

    private static Set<ResourceName> union(Set<ResourceName> a, Set<ResourceName> b) {
        Set<ResourceName> u = new HashSet<>(a);
        u.addAll(b);
        return u;
    }

    private static Set<ResourceName> minus(Set<ResourceName> a, Set<ResourceName> b) {
        Set<ResourceName> m = new HashSet<>(a);
        m.removeAll(b);
        return m;
    }
}

package io.nvdp.domain.cdi;

import static io.nvdp.domain.fixtures.Nodes.gpu;
import static io.nvdp.domain.fixtures.Nodes.gpuUuid;
import static io.nvdp.domain.fixtures.Nodes.migGpu;
import static io.nvdp.domain.fixtures.Nodes.migUuid;
import static io.nvdp.domain.fixtures.Nodes.node;
import static io.nvdp.domain.fixtures.Nodes.timeSliced;
import static org.assertj.core.api.Assertions.assertThat;

import io.nvdp.domain.allocation.ContainerAllocation;
import io.nvdp.domain.config.DeviceIdStrategy;
import io.nvdp.domain.config.DeviceListStrategy;
import io.nvdp.domain.config.MigStrategy;
import io.nvdp.domain.config.PluginConfig;
import io.nvdp.domain.config.TimeSlicing;
import io.nvdp.domain.model.AdvertisedDevice;
import io.nvdp.domain.model.Node;
import io.nvdp.domain.plan.ResourceDevices;
import io.nvdp.domain.plan.ResourcePlan;
import io.nvdp.domain.plugin.ResourceDevicePlugin;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CdiPlanTest {
    private static final Node MIXED = node(migGpu(0, "3g.20gb", "1g.5gb"), gpu(1));
    private static final Node SINGLE = node(migGpu(0, "1g.5gb", "1g.5gb"), migGpu(1, "1g.5gb"));
    private static final Node FULL = node(gpu(0), gpu(1), gpu(2));

    static PluginConfig config(List<DeviceListStrategy> lists, DeviceIdStrategy ids, MigStrategy mig, boolean gds,
            boolean mofed) {
        PluginConfig d = PluginConfig.defaults();
        return new PluginConfig(mig, true, "/run/nvidia/driver", false, lists, ids, gds, mofed,
                d.cdiAnnotationPrefix(), "/usr/local/bin/nvidia-ctk", "/driver-root", d.sharedAllocationPolicy(),
                TimeSlicing.NONE);
    }

    static Stream<Arguments> everyCombination() {
        List<Arguments> all = new ArrayList<>();
        Map<String, Node> nodes = new LinkedHashMap<>();
        nodes.put("mixed", MIXED);
        nodes.put("single", SINGLE);
        nodes.put("full", FULL);
        for (Map.Entry<String, Node> node : nodes.entrySet()) {
            for (DeviceIdStrategy ids : DeviceIdStrategy.values()) {
                for (MigStrategy mig : MigStrategy.values()) {
                    if (mig == MigStrategy.SINGLE && node.getValue() == MIXED) {
                        continue; // not a valid plan: single needs every GPU alike
                    }
                    for (int replicas : new int[] {0, 3}) {
                        for (List<DeviceListStrategy> lists : List.of(List.of(DeviceListStrategy.CDI_ANNOTATIONS),
                                List.of(DeviceListStrategy.CDI_CRI, DeviceListStrategy.ENVVAR))) {
                            all.add(Arguments.of(node.getKey(), node.getValue(), ids, mig, replicas, lists));
                        }
                    }
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} ids={2} mig={3} replicas={4} lists={5}")
    @MethodSource("everyCombination")
    void everyNameAllocateReturnsIsADeviceOfTheSpecWithThatDevicesNodes(String name, Node node, DeviceIdStrategy ids,
            MigStrategy mig, int replicas, List<DeviceListStrategy> lists) {
        PluginConfig config = config(lists, ids, mig, true, true);
        if (replicas > 0) {
            String resource = mig == MigStrategy.MIXED && node == SINGLE ? "nvidia.com/mig-1g.5gb" : "nvidia.com/gpu";
            config = timeSliced(config, false, false, resource, replicas);
        }
        CdiPlan plan = CdiPlan.of(node, config);
        Map<String, List<String>> specNodes = new LinkedHashMap<>();
        for (CdiSpec spec : plan.specs()) {
            spec.devices().forEach(d -> specNodes.put(spec.cdiClass().qualifiedName(d.name()), d.deviceNodes()));
        }
        assertThat(specNodes).hasSize(plan.qualifiedNames().size());

        int checked = 0;
        for (ResourceDevices resource : ResourcePlan.of(node, config).resources()) {
            ResourceDevicePlugin plugin = new ResourceDevicePlugin(resource, config, node.topology(), p -> false,
                    () -> "r");
            for (AdvertisedDevice device : resource.devices()) {
                ContainerAllocation answer = plugin.allocate(List.of(List.of(device.id()))).get(0);
                List<String> names = new ArrayList<>(answer.cdiDevices());
                answer.annotations().values().forEach(v -> names.addAll(List.of(v.split(","))));
                assertThat(names).isNotEmpty();
                for (String qualified : names) {
                    assertThat(specNodes).containsKey(qualified);
                }
                String gpuName = CdiClass.GPU.qualifiedName(ids.idOf(device));
                assertThat(names).contains(gpuName);
                assertThat(specNodes.get(gpuName)).containsExactlyElementsOf(device.paths());
                checked++;
            }
        }
        assertThat(checked).isPositive();
    }

    @Test
    void theGpuSpecDefinesEveryGpuThenEveryMigDeviceWhateverTheMigStrategy() {
        for (MigStrategy mig : List.of(MigStrategy.NONE, MigStrategy.MIXED)) {
            CdiPlan plan = CdiPlan.of(MIXED, config(List.of(DeviceListStrategy.CDI_ANNOTATIONS), DeviceIdStrategy.INDEX,
                    mig, false, false));
            assertThat(plan.specs()).hasSize(1);
            CdiSpec spec = plan.specs().get(0);
            assertThat(spec.cdiClass()).isEqualTo(CdiClass.GPU);
            assertThat(spec.deviceNames()).containsExactly("0", "1", "0:0", "0:1");
            assertThat(spec.devices().get(2).deviceNodes()).containsExactly("/dev/nvidia0",
                    "/dev/nvidia-caps/nvidia-cap1", "/dev/nvidia-caps/nvidia-cap2");
        }
        CdiPlan byUuid = CdiPlan.of(MIXED, config(List.of(DeviceListStrategy.CDI_CRI), DeviceIdStrategy.UUID,
                MigStrategy.MIXED, false, false));
        assertThat(byUuid.specs().get(0).deviceNames())
                .containsExactly(gpuUuid(0), gpuUuid(1), migUuid(0, 0), migUuid(0, 1));
    }

    @Test
    void gdsAndMofedEachGetASpecWithOneAllDevice() {
        CdiPlan plan = CdiPlan.of(FULL, config(List.of(DeviceListStrategy.CDI_ANNOTATIONS), DeviceIdStrategy.INDEX,
                MigStrategy.NONE, true, true));
        assertThat(plan.specs()).extracting(CdiSpec::cdiClass).containsExactly(CdiClass.GPU, CdiClass.GDS, CdiClass.MOFED);
        assertThat(plan.specs().get(1).devices()).containsExactly(new CdiDevice("all", List.of("/dev/nvidia-fs*")));
        assertThat(plan.qualifiedNames()).contains("k8s.device-plugin.nvidia.com/gds=all",
                "k8s.device-plugin.nvidia.com/mofed=all", "k8s.device-plugin.nvidia.com/gpu=2");
    }

    @Test
    void withoutACdiStrategyThereIsNothingToPublish() {
        CdiPlan plan = CdiPlan.of(FULL, config(List.of(DeviceListStrategy.ENVVAR), DeviceIdStrategy.UUID,
                MigStrategy.NONE, true, false));
        assertThat(plan.enabled()).isFalse();
        assertThat(plan.specs()).isEmpty();
    }

    @Test
    void theRootsAndTheHookPathComeFromTheConfig() {
        CdiPlan plan = CdiPlan.of(FULL, config(List.of(DeviceListStrategy.CDI_ANNOTATIONS), DeviceIdStrategy.UUID,
                MigStrategy.NONE, false, false));
        assertThat(plan.containerDriverRoot()).isEqualTo("/driver-root");
        assertThat(plan.hostDriverRoot()).isEqualTo("/run/nvidia/driver");
        assertThat(plan.nvidiaCtkPath()).isEqualTo("/usr/local/bin/nvidia-ctk");
    }

    @Test
    void replicasOfOneGpuShareItsName() {
        PluginConfig config = timeSliced(config(List.of(DeviceListStrategy.CDI_CRI), DeviceIdStrategy.UUID,
                MigStrategy.NONE, false, false), false, false, "nvidia.com/gpu", 2);
        List<AdvertisedDevice> devices = ResourcePlan.of(FULL, config).resources().get(0).devices();
        assertThat(CdiPlan.qualifiedNames(List.of(devices.get(0), devices.get(1)), config))
                .containsExactly("k8s.device-plugin.nvidia.com/gpu=" + gpuUuid(0));
        assertThat(Set.copyOf(CdiPlan.of(FULL, config).qualifiedNames()))
                .contains("k8s.device-plugin.nvidia.com/gpu=" + gpuUuid(0));
    }
}

package io.nvdp.simulator.fakenvml;

import static org.assertj.core.api.Assertions.assertThat;

import io.nvdp.domain.model.ComputeCapability;
import io.nvdp.domain.model.Gpu;
import io.nvdp.domain.model.GpuLink;
import io.nvdp.domain.model.MigDevice;
import io.nvdp.domain.model.MigProfile;
import io.nvdp.domain.model.Node;
import io.nvdp.domain.model.PcieLevel;
import io.nvdp.domain.model.Topology;
import io.nvdp.simulator.inventory.SimulatedGpuInventory;
import io.nvdp.simulator.profile.NodeProfile;
import io.nvdp.simulator.profile.NodeProfiles;
import io.nvdp.simulator.profile.SimulatedMigAttributes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FakeNvmlNodeTest {
    @TempDir
    Path dir;

    private static final MigDevice MIG = new MigDevice("MIG-aaaa", 2, MigProfile.parse("1g.5gb"), 13, 0, 4864,
            SimulatedMigAttributes.of(MigProfile.parse("1g.5gb")),
            List.of("/dev/nvidia-caps/nvidia-cap120", "/dev/nvidia-caps/nvidia-cap121"));

    private static final Gpu A100 = new Gpu(0, "GPU-a100", "NVIDIA A100-SXM4-40GB", 1, 40960, "00000000:07:00.0",
            OptionalInt.of(1), new ComputeCapability(8, 0), true, List.of(MIG),
            List.of(MigProfile.parse("1g.5gb"), MigProfile.parse("1c.2g.10gb"), MigProfile.parse("2g.10gb"),
                    MigProfile.parse("7g.40gb"), MigProfile.parse("1g.5gb+me"), MigProfile.parse("1g.10gb")));

    private static final Gpu V100 = new Gpu(2, "GPU-v100", "Tesla V100-SXM2-16GB", 0, 16160, "00000000:3B:00.0",
            OptionalInt.empty(), new ComputeCapability(7, 0), false, List.of(), List.of());

    private static final Node NODE = new Node(List.of(A100, V100),
            Topology.of(List.of(new GpuLink("GPU-a100", "GPU-v100", PcieLevel.SINGLE_SWITCH, 2))));

    @Test
    void nodeFileDescribesGpusMigAndTopologyAndFillsIndexGapsWithADisplay() {
        String text = FakeNvmlNode.nodeFile(NODE);

        assertThat(text).contains("gpu 0\n  uuid GPU-a100\n  name NVIDIA A100-SXM4-40GB\n  bus_id 00000000:07:00.0\n"
                + "  minor 1\n  memory_mib 40960\n  cc 8.0\n  mig_mode 1\n");
        assertThat(text).contains("gpu 1\n").contains("  name DGX Display\n");
        assertThat(text).contains("gpu 2\n  uuid GPU-v100\n");
        assertThat(text).contains("  gi_profile 0 5120\n", "  gi_profile 1 10240\n", "  gi_profile 4 40960\n",
                "  gi_profile 7 5120\n", "  gi_profile 9 10240\n");
        assertThat(text).contains("  mig 2 MIG-aaaa 13 0 0 0 4864\n");
        assertThat(text).contains("  nvlink 0 00000000:3B:00.0 gpu\n  nvlink 1 00000000:3B:00.0 gpu\n");
        assertThat(text).contains("  nvlink 0 00000000:07:00.0 gpu\n  nvlink 1 00000000:07:00.0 gpu\n");
        assertThat(text).contains("  topo 2 SINGLE\n");
        assertThat(text).doesNotContain("gpu 3");
    }

    @Test
    void fixtureHasNumaNodesAndMigMinorsMatchingTheCapabilityPaths() throws Exception {
        FakeNvmlNode.FakeNvmlFiles files = FakeNvmlNode.write(NODE, dir);

        assertThat(files.nodeFile()).hasContent(FakeNvmlNode.nodeFile(NODE));
        assertThat(Files.readString(files.sysRoot().resolve("bus/pci/devices/0000:07:00.0/numa_node"))).isEqualTo("1\n");
        assertThat(Files.readString(files.sysRoot().resolve("bus/pci/devices/0000:3b:00.0/numa_node"))).isEqualTo("-1\n");
        assertThat(Files.readString(files.procRoot().resolve("driver/nvidia-caps/mig-minors")))
                .isEqualTo("config 1\nmonitor 2\ngpu1/gi13/access 120\ngpu1/gi13/ci0/access 121\n");
    }

    @Test
    void chosenMemorySizesRoundBackToTheProfilesGigabytes() {
        assertThat(FakeNvmlNode.memoryGb(40960, FakeNvmlNode.memoryMbFor(40960, 5))).isEqualTo(5);
        assertThat(FakeNvmlNode.memoryGb(81920, FakeNvmlNode.memoryMbFor(81920, 10))).isEqualTo(10);
        assertThat(FakeNvmlNode.memoryGb(81559, FakeNvmlNode.memoryMbFor(81559, 20))).isEqualTo(20);
        assertThat(FakeNvmlNode.memoryGb(40960, 4864)).isEqualTo(5);
    }

    @Test
    void fabricMembersLinkToTheSwitchesInTurnAndDirectLinksComeOnTopListedByBothEnds() {
        NodeProfile profile = NodeProfiles.parse("""
                gpuDefaults: {product: NVIDIA A100-SXM4-40GB, memoryMiB: 40960, computeCapability: "8.0"}
                gpus:
                  - {pciBusId: "00000000:07:00.0"}
                  - {pciBusId: "00000000:0F:00.0"}
                  - {pciBusId: "00000000:C0:00.0"}
                nvswitch: {switches: 2, linksPerGpu: 3, gpus: [0, 1]}
                links:
                  - {from: 0, to: 2, nvlinks: 1}
                """, "f.yaml", "f");

        String text = FakeNvmlNode.nodeFile(new SimulatedGpuInventory(profile).discover(),
                profile.nvswitch(), Optional.empty());

        // Bus C0 is GPU 2's, so the switches get C1 and C2.
        String gpu0 = text.substring(text.indexOf("gpu 0"), text.indexOf("gpu 1"));
        assertThat(gpu0).contains("  nvlink 0 00000000:C1:00.0 switch\n  nvlink 1 00000000:C2:00.0 switch\n"
                + "  nvlink 2 00000000:C1:00.0 switch\n  nvlink 3 00000000:C0:00.0 gpu\n");
        String gpu2 = text.substring(text.indexOf("gpu 2"));
        assertThat(gpu2).contains("  nvlink 0 00000000:07:00.0 gpu\n").doesNotContain("nvlink 1");
    }
}

package io.nvdp.adapters.nvml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nvdp.adapters.nvml.binding.NvmlReturn;
import io.nvdp.domain.model.ComputeCapability;
import io.nvdp.domain.model.Gpu;
import io.nvdp.domain.model.GpuLink;
import io.nvdp.domain.model.MigAttributes;
import io.nvdp.domain.model.MigDevice;
import io.nvdp.domain.model.MigProfile;
import io.nvdp.domain.model.Node;
import io.nvdp.domain.model.PcieLevel;
import io.nvdp.domain.port.DiscoveryException;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NvmlGpuInventoryTest {
    @TempDir
    Path dir;

    private static final String TWO_GPUS_AND_A_DISPLAY = """
            gpu 0
              uuid GPU-aaaaaaaa-0000-0000-0000-000000000000
              name Tesla V100-SXM2-16GB
              bus_id 00000000:3B:00.0
              minor 2
              memory_mib 16160
              cc 7.0
            gpu 1
              uuid GPU-dddddddd-0000-0000-0000-000000000000
              name DGX Display
              bus_id 00000000:07:00.0
              minor 5
            gpu 2
              uuid GPU-bbbbbbbb-0000-0000-0000-000000000000
              name NVIDIA A10
              bus_id 00000000:AF:00.0
              minor 0
              memory_mib 23028
              cc 8.6
            """;

    private Node discover(FakeNvml fake) {
        return new NvmlGpuInventory(fake.library(), dir.resolve("sys"), dir.resolve("proc")).discover();
    }

    @Test
    void fullGpusCarryNvmlFactsAndDisplayAdaptersAreSkippedWithoutRenumbering() {
        FakeNvml fake = FakeNvml.withNode(dir, TWO_GPUS_AND_A_DISPLAY);

        Node node = discover(fake);

        assertThat(node.gpus()).extracting(Gpu::index).containsExactly(0, 2);
        Gpu v100 = node.gpus().get(0);
        assertThat(v100.uuid()).isEqualTo("GPU-aaaaaaaa-0000-0000-0000-000000000000");
        assertThat(v100.productName()).isEqualTo("Tesla V100-SXM2-16GB");
        assertThat(v100.minorNumber()).isEqualTo(2);
        assertThat(v100.memoryMiB()).isEqualTo(16160);
        assertThat(v100.pciBusId()).isEqualTo("00000000:3B:00.0");
        assertThat(v100.computeCapability()).isEqualTo(new ComputeCapability(7, 0));
        assertThat(v100.migEnabled()).isFalse();
        assertThat(v100.migDevices()).isEmpty();
        assertThat(v100.supportedMigProfiles()).isEmpty();
        assertThat(node.gpus().get(1).computeCapability()).isEqualTo(new ComputeCapability(8, 6));
    }

    @Test
    void numaNodeComesFromSysfsByLowerCasedBusIdAndNegativeOrMissingMeansUnknown() {
        FakeNvml fake = FakeNvml.withNode(dir, TWO_GPUS_AND_A_DISPLAY);
        fake.write("sys/bus/pci/devices/0000:3b:00.0/numa_node", "1\n");
        fake.write("sys/bus/pci/devices/0000:af:00.0/numa_node", "-1\n");

        Node node = discover(fake);

        assertThat(node.gpus().get(0).numaNode()).isEqualTo(OptionalInt.of(1));
        assertThat(node.gpus().get(1).numaNode()).isEmpty();
    }

    @Test
    void unreadableNumaNodeIsAnInvalidNode() {
        FakeNvml fake = FakeNvml.withNode(dir, TWO_GPUS_AND_A_DISPLAY);
        fake.write("sys/bus/pci/devices/0000:3b:00.0/numa_node", "one\n");

        assertThatThrownBy(() -> discover(fake))
                .isInstanceOfSatisfying(DiscoveryException.class,
                        e -> assertThat(e.kind()).isEqualTo(DiscoveryException.Kind.INVALID))
                .hasMessageContaining("'one'");
    }

    private static final String A100_WITH_MIG = """
            gpu 0
              uuid GPU-11111111-0000-0000-0000-000000000000
              name NVIDIA A100-SXM4-40GB
              bus_id 00000000:07:00.0
              minor 1
              memory_mib 40960
              cc 8.0
              mig_mode 1
              gi_profile 0 4864
              gi_profile 1 9856
              gi_profile 2 19968
              gi_profile 3 19968
              gi_profile 4 40192
              gi_profile 7 4864 1
              gi_profile 9 9856
              # slot uuid gi ci giProfile ciProfile memoryMB
              mig 0 MIG-00000000-0000-0000-0000-00000000000a 1 0 2 2 19968
              mig 1 MIG-00000000-0000-0000-0000-00000000000b 5 0 1 0 9856
              mig 3 MIG-00000000-0000-0000-0000-00000000000c 13 0 0 0 4864
              mig 4 MIG-00000000-0000-0000-0000-00000000000d 14 0 7 0 4864
            gpu 1
              uuid GPU-22222222-0000-0000-0000-000000000000
              name NVIDIA A100-SXM4-40GB
              bus_id 00000000:0F:00.0
              minor 0
              memory_mib 40960
              cc 8.0
              mig_mode 0
              gi_profile 0 4864
              gi_profile 4 40192
            """;

    @Test
    void migDevicesHaveGoNvlibProfileNamesInstanceIdsAndCapabilityPaths() {
        FakeNvml fake = FakeNvml.withNode(dir, A100_WITH_MIG);
        fake.write("proc/driver/nvidia-caps/mig-minors", """
                config 1
                monitor 2
                gpu1/gi1/access 12
                gpu1/gi1/ci0/access 13
                gpu1/gi5/access 48
                gpu1/gi5/ci0/access 49
                gpu1/gi13/access 120
                gpu1/gi13/ci0/access 121
                gpu1/gi14/access 129
                gpu1/gi14/ci0/access 130
                """);

        Node node = discover(fake);

        Gpu gpu = node.gpus().get(0);
        assertThat(gpu.migEnabled()).isTrue();
        assertThat(gpu.migDevices()).extracting(MigDevice::slot).containsExactly(0, 1, 3, 4);
        assertThat(gpu.migDevices()).extracting(m -> m.profile().name())
                .containsExactly("3g.20gb", "1c.2g.10gb", "1g.5gb", "1g.5gb+me");
        MigDevice first = gpu.migDevices().get(0);
        assertThat(first.uuid()).isEqualTo("MIG-00000000-0000-0000-0000-00000000000a");
        assertThat(first.gpuInstanceId()).isEqualTo(1);
        assertThat(first.computeInstanceId()).isZero();
        assertThat(first.memoryMiB()).isEqualTo(19968);
        assertThat(first.attributes()).isEqualTo(new MigAttributes(42, 3, 3, 3, 1, 0, 0, 0));
        assertThat(first.capabilityDevicePaths())
                .containsExactly("/dev/nvidia-caps/nvidia-cap12", "/dev/nvidia-caps/nvidia-cap13");
        assertThat(gpu.migDevices().get(3).capabilityDevicePaths())
                .containsExactly("/dev/nvidia-caps/nvidia-cap129", "/dev/nvidia-caps/nvidia-cap130");
    }

    @Test
    void supportedProfilesFollowGoNvlibIncludingComputeSplitsAndMediaExtensions() {
        FakeNvml fake = FakeNvml.withNode(dir, A100_WITH_MIG);

        Node node = discover(fake);

        assertThat(node.gpus().get(0).supportedMigProfiles()).extracting(MigProfile::name).containsExactly(
                "1g.5gb", "1c.2g.10gb", "2g.10gb", "1c.3g.20gb", "2c.3g.20gb", "3g.20gb",
                "1c.4g.20gb", "2c.4g.20gb", "4g.20gb",
                "1c.7g.40gb", "2c.7g.40gb", "3c.7g.40gb", "4c.7g.40gb", "7g.40gb",
                "1g.5gb+me", "1g.10gb");
        Gpu migDisabled = node.gpus().get(1);
        assertThat(migDisabled.migEnabled()).isFalse();
        assertThat(migDisabled.migDevices()).isEmpty();
        assertThat(migDisabled.supportedMigProfiles()).extracting(MigProfile::name)
                .contains("1g.5gb", "7g.40gb");
    }

    @Test
    void migDevicesWithoutMigMinorsGetNoCapabilityPaths() {
        FakeNvml fake = FakeNvml.withNode(dir, A100_WITH_MIG);

        Node node = discover(fake);

        assertThat(node.gpus().get(0).migDevices()).allSatisfy(m -> assertThat(m.capabilityDevicePaths()).isEmpty());
    }

    @Test
    void topologyHasPcieLevelsAndCountsActiveNvlinksToEachPeer() {
        FakeNvml fake = FakeNvml.withNode(dir, """
                gpu 0
                  uuid GPU-0
                  bus_id 00000000:07:00.0
                  nvlink 0 00000000:0F:00.0
                  nvlink 1 00000000:0F:00.0
                  nvlink 2 00000000:47:00.0
                  topo 1 SINGLE
                  topo 2 SYSTEM
                gpu 1
                  uuid GPU-1
                  bus_id 00000000:0F:00.0
                  nvlink 0 00000000:07:00.0
                  nvlink 1 00000000:07:00.0
                gpu 2
                  uuid GPU-2
                  bus_id 00000000:47:00.0
                  nvlink 3 00000000:07:00.0
                gpu 3
                  uuid GPU-3
                  bus_id 00000000:87:00.0
                """);

        Node node = discover(fake);

        assertThat(node.topology().between("GPU-0", "GPU-1"))
                .contains(new GpuLink("GPU-0", "GPU-1", PcieLevel.SINGLE_SWITCH, 2));
        assertThat(node.topology().between("GPU-2", "GPU-0"))
                .contains(new GpuLink("GPU-0", "GPU-2", PcieLevel.CROSS_CPU, 1));
        assertThat(node.topology().between("GPU-1", "GPU-2")).isEmpty();
        assertThat(node.topology().knows("GPU-3")).isFalse();
    }

    @Test
    void gpusWhoseLinksMeetAtNvSwitchesAreAllToAllPeersOverTheirSwitchLinks() {
        // GPUs 0-2 have four links each into switches C1 and C2 (and 0-2 one direct link besides);
        // GPU 3's two links end at switch D1, which no other GPU reaches.
        FakeNvml fake = FakeNvml.withNode(dir, """
                gpu 0
                  uuid GPU-0
                  bus_id 00000000:07:00.0
                  nvlink 0 00000000:C1:00.0 switch
                  nvlink 1 00000000:C2:00.0 switch
                  nvlink 2 00000000:C1:00.0 switch
                  nvlink 3 00000000:C2:00.0 switch
                  nvlink 4 00000000:47:00.0
                gpu 1
                  uuid GPU-1
                  bus_id 00000000:0F:00.0
                  nvlink 0 00000000:C1:00.0 switch
                  nvlink 1 00000000:C2:00.0 switch
                  nvlink 2 00000000:C1:00.0 switch
                  nvlink 3 00000000:C2:00.0 switch
                gpu 2
                  uuid GPU-2
                  bus_id 00000000:47:00.0
                  nvlink 0 00000000:C1:00.0 switch
                  nvlink 1 00000000:C2:00.0 switch
                  nvlink 2 00000000:C1:00.0 switch
                  nvlink 3 00000000:C2:00.0 switch
                  nvlink 4 00000000:07:00.0 gpu
                gpu 3
                  uuid GPU-3
                  bus_id 00000000:87:00.0
                  nvlink 0 00000000:D1:00.0 switch
                  nvlink 1 00000000:D1:00.0 switch
                """);

        Node node = discover(fake);

        assertThat(node.topology().between("GPU-0", "GPU-1")).map(GpuLink::nvlinkLanes).contains(4);
        assertThat(node.topology().between("GPU-1", "GPU-2")).map(GpuLink::nvlinkLanes).contains(4);
        assertThat(node.topology().between("GPU-0", "GPU-2")).map(GpuLink::nvlinkLanes).contains(5);
        assertThat(node.topology().knows("GPU-3")).isFalse();
    }

    @Test
    void nvmlInitFailureIsInitFailedWithUpstreamHints() {
        FakeNvml fake = FakeNvml.withNode(dir, "init_error DRIVER_NOT_LOADED\n");

        assertThatThrownBy(() -> discover(fake))
                .isInstanceOfSatisfying(DiscoveryException.class,
                        e -> assertThat(e.kind()).isEqualTo(DiscoveryException.Kind.INIT_FAILED))
                .hasMessageStartingWith("Failed to initialize NVML: ERROR_DRIVER_NOT_LOADED.\n")
                .hasMessageContaining("If this is a GPU node, did you set the docker default runtime to `nvidia`?");
    }

    @Test
    void missingLibraryIsInitFailedWithLibraryNotFound() {
        NvmlLibrary missing = NvmlLibrary.at(dir.resolve("no/libnvidia-ml.so.1"));

        assertThat(missing.isLoadable()).isFalse();
        assertThatThrownBy(() -> new NvmlGpuInventory(missing).discover())
                .isInstanceOfSatisfying(DiscoveryException.class,
                        e -> assertThat(e.kind()).isEqualTo(DiscoveryException.Kind.INIT_FAILED))
                .hasMessage(NvmlLibrary.initFailureMessage(NvmlReturn.ERROR_LIBRARY_NOT_FOUND))
                .hasMessageStartingWith("Failed to initialize NVML: ERROR_LIBRARY_NOT_FOUND.");
    }

    @Test
    void driverRootSearchFindsTheLibraryUnderUsrLib64() throws Exception {
        Path lib = dir.resolve("driver/usr/lib64/libnvidia-ml.so.1");
        java.nio.file.Files.createDirectories(lib.getParent());
        java.nio.file.Files.copy(FakeNvml.libraryPath(), lib);

        NvmlLibrary found = NvmlLibrary.underDriverRoot(dir.resolve("driver"));

        assertThat(found.candidates()).first().isEqualTo(lib.toString());
        assertThat(found.isLoadable()).isTrue();
        assertThat(found.loadedFrom()).contains(lib.toString());
    }

    @Test
    void sysfsBusIdDropsTheExtraDomainDigitsAndLowerCases() {
        assertThat(HostFiles.sysfsBusId("00000000:3B:00.0")).isEqualTo("0000:3b:00.0");
        assertThat(HostFiles.sysfsBusId("0000")).isEqualTo("0000");
    }

    @Test
    void migMemoryRoundsLikeGoNvlib() {
        long a100 = 40960L << 20;
        assertThat(MigProfiles.memoryGb(a100, 4864)).isEqualTo(5);
        assertThat(MigProfiles.memoryGb(a100, 9856)).isEqualTo(10);
        assertThat(MigProfiles.memoryGb(a100, 40192)).isEqualTo(40);
        assertThat(MigProfiles.memoryGb(81920L << 20, 9856)).isEqualTo(10);
        assertThat(MigProfiles.of(7, 0, 4864, a100)).isEqualTo(new MigProfile(1, 1, 5, List.of("me")));
    }
}

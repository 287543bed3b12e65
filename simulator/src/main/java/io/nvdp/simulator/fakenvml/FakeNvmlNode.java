package io.nvdp.simulator.fakenvml;

import io.nvdp.domain.model.DriverVersions;
import io.nvdp.domain.model.Gpu;
import io.nvdp.domain.model.GpuLink;
import io.nvdp.domain.model.MigDevice;
import io.nvdp.domain.model.MigProfile;
import io.nvdp.domain.model.Node;
import io.nvdp.domain.model.PcieLevel;
import io.nvdp.simulator.inventory.SimulatedGpuInventory;
import io.nvdp.simulator.profile.NodeProfile;
import io.nvdp.simulator.profile.NvSwitchFabric;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes, from a domain {@link Node}, what the fake {@code libnvidia-ml.so.1} (adapters-nvml) needs to
 * show that node through NVML: its node file, plus a sysfs/procfs fixture (NUMA nodes, MIG capability
 * minors) for {@code NvmlGpuInventory}'s sysRoot/procRoot. One profile thus drives both simulation tiers.
 *
 * <p>How NVML facts are chosen where the domain model is coarser than NVML:
 * <ul>
 *   <li>index gaps (display adapters upstream skips) are filled with {@code DGX Display} GPUs;</li>
 *   <li>GPU instance profiles come from the supported profiles with C == G and from the MIG devices'
 *       profiles; their memory sizes are picked so that go-nvlib's rounding gives back each profile's GB
 *       (a second 1-slice profile without attributes, such as A100-40GB's {@code 1g.10gb}, becomes
 *       NVML's REV2 profile);</li>
 *   <li>a MIG device's memory is its {@code memoryMiB} when that rounds to its profile's GB, otherwise
 *       its GPU instance profile's memory.</li>
 * </ul>
 * The real inventory lists supported profiles with go-nvlib's compute-split heuristic, so a GPU's
 * {@code supportedMigProfiles} round-trip when they are that heuristic's expansion of the C == G ones.
 */
public final class FakeNvmlNode {
    private static final Pattern CAP_DEVICE = Pattern.compile("/dev/nvidia-caps/nvidia-cap(\\d+)");
    private static final int MAX_MIG_SLOTS = 8;

    private FakeNvmlNode() {
    }

    /** Where {@link #write(Node, Path)} put things. */
    public record FakeNvmlFiles(Path nodeFile, Path sysRoot, Path procRoot) {
    }

    /**
     * Writes {@code dir/node.txt}, {@code dir/sys/...} and {@code dir/proc/...}.
     *
     * @return the node file (for {@code FAKE_NVML_NODE}) and the roots for {@code NvmlGpuInventory}
     */
    public static FakeNvmlFiles write(Node node, Path dir) {
        return write(node, nodeFile(node), dir);
    }

    /**
     * Writes the node a profile describes, as the simulator discovers it, with the profile's driver
     * and CUDA versions and its NVSwitch fabric: its GPUs' links then end at switches, as on a real
     * NVSwitch node.
     */
    public static FakeNvmlFiles write(NodeProfile profile, Path dir) {
        Node node = new SimulatedGpuInventory(profile).discover();
        return write(node, nodeFile(node, profile.nvswitch(), Optional.of(profile.driver())), dir);
    }

    private static FakeNvmlFiles write(Node node, String nodeFileText, Path dir) {
        Objects.requireNonNull(node, "node");
        Path nodeFile = dir.resolve("node.txt");
        Path sysRoot = dir.resolve("sys");
        Path procRoot = dir.resolve("proc");
        try {
            Files.createDirectories(dir);
            Files.writeString(nodeFile, nodeFileText);
            for (Gpu gpu : node.gpus()) {
                Path numa = sysRoot.resolve("bus/pci/devices").resolve(sysfsBusId(gpu.pciBusId())).resolve("numa_node");
                Files.createDirectories(numa.getParent());
                OptionalInt n = gpu.numaNode();
                Files.writeString(numa, (n.isPresent() ? n.getAsInt() : -1) + "\n");
            }
            Path migMinors = procRoot.resolve("driver/nvidia-caps/mig-minors");
            Files.createDirectories(migMinors.getParent());
            Files.writeString(migMinors, migMinors(node));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the fake NVML node under " + dir, e);
        }
        return new FakeNvmlFiles(nodeFile, sysRoot, procRoot);
    }

    /** The fake library's node file for {@code node} (format: adapters-nvml/README.md). */
    public static String nodeFile(Node node) {
        return nodeFile(node, Optional.empty(), Optional.empty());
    }

    /**
     * The node file for {@code node} whose GPUs are on {@code fabric}: each member GPU's first links
     * end at the fabric's switches, its direct links (the lanes beyond the fabric's) at the other GPU;
     * with {@code driver}, the driver and CUDA versions come first (else the library's defaults).
     */
    public static String nodeFile(Node node, Optional<NvSwitchFabric> fabric, Optional<DriverVersions> driver) {
        StringBuilder out = new StringBuilder("# written by FakeNvmlNode\n");
        driver.ifPresent(d -> out.append("driver_version ").append(d.driverVersion()).append('\n')
                .append("cuda_driver_version ").append(d.cudaDriverVersion()).append('\n'));
        Map<Integer, Gpu> byIndex = new HashMap<>();
        for (Gpu gpu : node.gpus()) {
            if (gpu.index() < 0 || byIndex.put(gpu.index(), gpu) != null) {
                throw new IllegalArgumentException("GPU indices must be distinct and not negative: " + gpu.index());
            }
        }
        int count = node.gpus().stream().mapToInt(Gpu::index).max().orElse(-1) + 1;
        Map<String, Integer> indexByUuid = new HashMap<>();
        node.gpus().forEach(g -> indexByUuid.put(g.uuid(), g.index()));
        Map<String, List<String>> nvlinks = NvLinkRemotes.of(node, fabric);
        for (int i = 0; i < count; i++) {
            Gpu gpu = byIndex.get(i);
            out.append("gpu ").append(i).append('\n');
            if (gpu == null) {
                out.append("  uuid GPU-d15c1a70-0000-0000-0000-").append(String.format("%012d", i)).append('\n');
                out.append("  name DGX Display\n");
                out.append("  bus_id 00000000:").append(String.format("%02X", 0xF0 + i % 16)).append(":00.0\n");
                out.append("  minor ").append(200 + i).append('\n');
                continue;
            }
            gpuBlock(out, gpu, nvlinks.getOrDefault(gpu.uuid(), List.of()));
            for (GpuLink link : node.topology().links()) {
                if (link.pcie() != null && link.a().equals(gpu.uuid()) && indexByUuid.containsKey(link.b())) {
                    out.append("  topo ").append(indexByUuid.get(link.b())).append(' ').append(nvmlLevel(link.pcie())).append('\n');
                }
            }
        }
        return out.toString();
    }

    private static void gpuBlock(StringBuilder out, Gpu gpu, List<String> nvlinkRemotes) {
        out.append("  uuid ").append(gpu.uuid()).append('\n');
        out.append("  name ").append(gpu.productName()).append('\n');
        out.append("  bus_id ").append(gpu.pciBusId()).append('\n');
        out.append("  minor ").append(gpu.minorNumber()).append('\n');
        out.append("  memory_mib ").append(gpu.memoryMiB()).append('\n');
        out.append("  cc ").append(gpu.computeCapability().major()).append('.').append(gpu.computeCapability().minor()).append('\n');
        Map<Integer, Long> giProfiles = gpuInstanceProfiles(gpu);
        boolean migCapable = gpu.migEnabled() || !giProfiles.isEmpty();
        if (migCapable) {
            out.append("  mig_mode ").append(gpu.migEnabled() ? 1 : 0).append('\n');
            int maxSlot = gpu.migDevices().stream().mapToInt(MigDevice::slot).max().orElse(0);
            if (maxSlot >= 7) {
                out.append("  max_mig ").append(Math.min(MAX_MIG_SLOTS, maxSlot + 1)).append('\n');
            }
        }
        giProfiles.forEach((p, mb) -> out.append("  gi_profile ").append(p).append(' ').append(mb).append('\n'));
        if (gpu.migEnabled()) {
            for (MigDevice mig : gpu.migDevices()) {
                int giProfile = giProfileIndex(gpu, mig.profile(), giProfiles);
                long memory = memoryGb(gpu.memoryMiB(), mig.memoryMiB()) == mig.profile().memoryGb()
                        ? mig.memoryMiB() : giProfiles.get(giProfile);
                out.append("  mig ").append(mig.slot()).append(' ').append(mig.uuid()).append(' ')
                        .append(mig.gpuInstanceId()).append(' ').append(mig.computeInstanceId()).append(' ')
                        .append(giProfile).append(' ').append(ciProfileIndex(mig.profile().computeSlices())).append(' ')
                        .append(memory).append('\n');
            }
        }
        for (int link = 0; link < nvlinkRemotes.size(); link++) {
            out.append("  nvlink ").append(link).append(' ').append(nvlinkRemotes.get(link)).append('\n');
        }
    }

    /** NVML GPU instance profile index -> memory MB, for every C == G profile the GPU shows. */
    private static Map<Integer, Long> gpuInstanceProfiles(Gpu gpu) {
        List<MigProfile> wanted = new ArrayList<>();
        for (MigProfile p : gpu.supportedMigProfiles()) {
            if (p.isFullGpuInstance()) {
                wanted.add(p);
            }
        }
        for (MigDevice mig : gpu.migDevices()) {
            MigProfile p = mig.profile();
            MigProfile full = new MigProfile(p.gpuSlices(), p.gpuSlices(), p.memoryGb(), p.attributes());
            if (!wanted.contains(full)) {
                wanted.add(full);
            }
        }
        Map<Integer, Long> result = new LinkedHashMap<>();
        for (MigProfile p : wanted) {
            int index = baseGiProfileIndex(p);
            if (result.containsKey(index) && index == 0) {
                index = 9;  // NVML_GPU_INSTANCE_PROFILE_1_SLICE_REV2: the second, larger 1-slice profile
            }
            if (!result.containsKey(index)) {
                result.put(index, memoryMbFor(gpu.memoryMiB(), p.memoryGb()));
            }
        }
        return result;
    }

    private static int giProfileIndex(Gpu gpu, MigProfile profile, Map<Integer, Long> giProfiles) {
        int index = baseGiProfileIndex(profile);
        if (index == 0 && giProfiles.containsKey(9)
                && memoryGb(gpu.memoryMiB(), giProfiles.get(9)) == profile.memoryGb()
                && memoryGb(gpu.memoryMiB(), giProfiles.get(0)) != profile.memoryGb()) {
            return 9;
        }
        return index;
    }

    private static int baseGiProfileIndex(MigProfile p) {
        boolean me = p.attributes().contains("me");
        return switch (p.gpuSlices()) {
            case 1 -> me ? 7 : 0;
            case 2 -> me ? 8 : 1;
            case 3 -> 2;
            case 4 -> 3;
            case 7 -> 4;
            case 8 -> 5;
            case 6 -> 6;
            default -> throw new IllegalArgumentException("no NVML GPU instance profile has " + p.gpuSlices() + " slices: " + p);
        };
    }

    private static int ciProfileIndex(int computeSlices) {
        return switch (computeSlices) {
            case 1 -> 0;
            case 2 -> 1;
            case 3 -> 2;
            case 4 -> 3;
            case 7 -> 4;
            case 8 -> 5;
            case 6 -> 6;
            default -> throw new IllegalArgumentException("no NVML compute instance profile has " + computeSlices + " slices");
        };
    }

    /** go-nvlib's MIG memory rounding (see adapters-nvml MigProfiles). */
    static int memoryGb(long deviceMemoryMiB, long migMemoryMb) {
        long oneGb = 1024L * 1024 * 1024;
        long deviceBytes = deviceMemoryMiB * 1024 * 1024;
        double fraction = Math.ceil((double) migMemoryMb * 1024 * 1024 / deviceBytes * 8) / 8;
        return (int) Math.round(fraction * ((deviceBytes + oneGb - 1) / oneGb));
    }

    /** A memory size in MB that go-nvlib rounds to {@code gb} on a device of {@code deviceMemoryMiB}. */
    static long memoryMbFor(long deviceMemoryMiB, int gb) {
        for (int eighths = 1; eighths <= 8; eighths++) {
            long mb = eighths * deviceMemoryMiB / 8;
            if (mb > 0 && memoryGb(deviceMemoryMiB, mb) == gb) {
                return mb;
            }
        }
        return (long) gb * 1024;
    }

    private static String nvmlLevel(PcieLevel level) {
        return switch (level) {
            case SAME_BOARD -> "INTERNAL";
            case SINGLE_SWITCH -> "SINGLE";
            case MULTI_SWITCH -> "MULTIPLE";
            case HOST_BRIDGE -> "HOSTBRIDGE";
            case SAME_CPU -> "NODE";
            case CROSS_CPU -> "SYSTEM";
        };
    }

    /** The mig-minors lines for every MIG device that has both capability device paths. */
    static String migMinors(Node node) {
        StringBuilder out = new StringBuilder("config 1\nmonitor 2\n");
        for (Gpu gpu : node.gpus()) {
            for (MigDevice mig : gpu.migDevices()) {
                List<String> paths = mig.capabilityDevicePaths();
                if (paths.size() != 2) {
                    continue;
                }
                String prefix = "gpu" + gpu.minorNumber() + "/gi" + mig.gpuInstanceId();
                out.append(prefix).append("/access ").append(capMinor(paths.get(0))).append('\n');
                out.append(prefix).append("/ci").append(mig.computeInstanceId()).append("/access ")
                        .append(capMinor(paths.get(1))).append('\n');
            }
        }
        return out.toString();
    }

    private static int capMinor(String path) {
        Matcher m = CAP_DEVICE.matcher(path);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a MIG capability device path: '" + path + "'");
        }
        return Integer.parseInt(m.group(1));
    }

    /** go-nvlib's sysfs bus id: lower case, NVML's 8-digit domain cut to 4. */
    static String sysfsBusId(String nvmlBusId) {
        String id = nvmlBusId.toLowerCase(Locale.ROOT);
        return !id.equals("0000") && id.startsWith("0000") ? id.substring(4) : id;
    }
}

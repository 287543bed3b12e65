package io.nvdp.adapters.nvml;

import com.sun.jna.Pointer;
import io.nvdp.adapters.nvml.binding.NvmlConstants;
import io.nvdp.adapters.nvml.binding.NvmlStructs;
import io.nvdp.domain.model.ComputeCapability;
import io.nvdp.domain.model.Gpu;
import io.nvdp.domain.model.GpuLink;
import io.nvdp.domain.model.MigAttributes;
import io.nvdp.domain.model.MigDevice;
import io.nvdp.domain.model.MigProfile;
import io.nvdp.domain.model.Node;
import io.nvdp.domain.model.PcieLevel;
import io.nvdp.domain.model.Topology;
import io.nvdp.domain.port.DiscoveryException;
import io.nvdp.domain.port.GpuInventory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Discovers the node through NVML, the way upstream (go-nvlib) sees it: GPUs by NVML index with
 * display adapters skipped, MIG devices by slot with go-nvlib profile names, the MIG profiles each
 * GPU supports, NUMA nodes from sysfs, MIG capability devices from procfs, and the PCIe/NVLink
 * topology between GPUs. Each call initialises NVML and shuts it down again.
 */
public final class NvmlGpuInventory implements GpuInventory {
    /** go-nvlib's default skip list. */
    public static final Set<String> SKIPPED_PRODUCT_NAMES = Set.of("DGX Display", "NVIDIA DGX Display");

    private static final Logger LOG = LoggerFactory.getLogger(NvmlGpuInventory.class);

    private final NvmlLibrary library;
    private final HostFiles hostFiles;

    /** Reads the host's {@code /sys} and {@code /proc}. */
    public NvmlGpuInventory(NvmlLibrary library) {
        this(library, Path.of("/sys"), Path.of("/proc"));
    }

    /** Reads sysfs and procfs under the given roots (tests, or a host mounted elsewhere). */
    public NvmlGpuInventory(NvmlLibrary library, Path sysRoot, Path procRoot) {
        this.library = Objects.requireNonNull(library, "library");
        this.hostFiles = new HostFiles(Objects.requireNonNull(sysRoot, "sysRoot"), Objects.requireNonNull(procRoot, "procRoot"));
    }

    @Override
    public Node discover() {
        try (NvmlLibrary.Session session = library.openForDiscovery()) {
            return discover(session.nvml());
        }
    }

    /**
     * The running driver's version as NVML reports it (e.g. {@code 535.104.05}).
     *
     * @throws DiscoveryException when NVML cannot be initialised or does not answer
     */
    public String driverVersion() {
        try (NvmlLibrary.Session session = library.openForDiscovery()) {
            return call("error getting the driver version", session.nvml()::driverVersion);
        }
    }

    private record Found(Gpu gpu, Pointer handle) {
    }

    private Node discover(Nvml nvml) {
        HostFiles.MigMinors migMinors = hostFiles.migMinors();
        List<Found> found = new ArrayList<>();
        int count = call("error getting device count", nvml::deviceCount);
        for (int i = 0; i < count; i++) {
            int index = i;
            Pointer handle = call("error getting device handle for index '" + i + "'", () -> nvml.handleByIndex(index));
            String name = call("error getting device name", () -> nvml.name(handle));
            if (SKIPPED_PRODUCT_NAMES.contains(name)) {
                LOG.debug("Skipping device {} ({})", i, name);
                continue;
            }
            found.add(new Found(gpu(nvml, i, handle, name, migMinors), handle));
        }
        return new Node(found.stream().map(Found::gpu).toList(), topology(nvml, found));
    }

    private Gpu gpu(Nvml nvml, int index, Pointer handle, String name, HostFiles.MigMinors migMinors) {
        String context = "error visiting device " + index;
        String uuid = call(context + ": error getting UUID", () -> nvml.uuid(handle));
        int minor = call(context + ": error getting minor number", () -> nvml.minorNumber(handle));
        long memoryBytes = call(context + ": error getting memory info", () -> nvml.memoryTotal(handle));
        String busId = call(context + ": error getting PCI info", () -> nvml.pciBusId(handle));
        int[] cc = call(context + ": error getting CUDA compute capability", () -> nvml.cudaComputeCapability(handle));
        Optional<Boolean> migMode = call(context + ": error getting MIG mode", () -> nvml.migEnabled(handle));
        boolean migEnabled = migMode.orElse(false);
        List<MigDevice> migDevices = migEnabled
                ? migDevices(nvml, index, handle, minor, memoryBytes, migMinors)
                : List.of();
        List<MigProfile> supported = migMode.isPresent()
                ? supportedProfiles(nvml, index, handle, memoryBytes)
                : List.of();
        return new Gpu(index, uuid, name, minor, memoryBytes / (1024 * 1024), busId, hostFiles.numaNode(busId),
                new ComputeCapability(cc[0], cc[1]), migEnabled, migDevices, supported);
    }

    private List<MigDevice> migDevices(Nvml nvml, int index, Pointer parent, int parentMinor, long parentMemoryBytes,
            HostFiles.MigMinors migMinors) {
        String context = "error visiting MIG devices of device " + index;
        int max = call(context + ": error getting max MIG device count", () -> nvml.maxMigDeviceCount(parent));
        List<MigDevice> result = new ArrayList<>();
        for (int j = 0; j < max; j++) {
            int slot = j;
            Optional<Pointer> mig = call(context + ": error getting MIG device handle at index '" + j + "'",
                    () -> nvml.migDeviceHandle(parent, slot));
            if (mig.isEmpty()) {
                continue;
            }
            result.add(migDevice(nvml, context + " slot " + j, slot, parent, parentMinor, parentMemoryBytes,
                    mig.get(), migMinors));
        }
        return result;
    }

    private MigDevice migDevice(Nvml nvml, String context, int slot, Pointer parent, int parentMinor,
            long parentMemoryBytes, Pointer mig, HostFiles.MigMinors migMinors) {
        String uuid = call(context + ": error getting UUID", () -> nvml.uuid(mig));
        NvmlStructs.DeviceAttributes attributes = call(context + ": error getting MIG device attributes",
                () -> nvml.attributes(mig));
        int gi = call(context + ": error getting MIG device GPU Instance ID", () -> nvml.gpuInstanceId(mig));
        int ci = call(context + ": error getting MIG device Compute Instance ID", () -> nvml.computeInstanceId(mig));
        MigProfile profile = call(context + ": error getting MIG profile",
                () -> profileOf(nvml, parent, gi, ci, attributes.memorySizeMB, parentMemoryBytes));
        List<String> paths = new ArrayList<>();
        Optional<String> giPath = migMinors.gpuInstanceAccess(parentMinor, gi);
        Optional<String> ciPath = migMinors.computeInstanceAccess(parentMinor, gi, ci);
        giPath.ifPresentOrElse(paths::add, () -> LOG.warn("missing MIG GPU instance capability path: {}",
                HostFiles.MigMinors.procCapabilityPath(parentMinor, gi, OptionalInt.empty())));
        ciPath.ifPresentOrElse(paths::add, () -> LOG.warn("missing MIG GPU instance capability path: {}",
                HostFiles.MigMinors.procCapabilityPath(parentMinor, gi, OptionalInt.of(ci))));
        return new MigDevice(uuid, slot, profile, gi, ci, attributes.memorySizeMB, migAttributes(attributes), giPath.isPresent() && ciPath.isPresent()
                ? paths : List.of());
    }

    private static MigAttributes migAttributes(NvmlStructs.DeviceAttributes a) {
        return new MigAttributes(a.multiprocessorCount, a.gpuInstanceSliceCount, a.computeInstanceSliceCount,
                a.sharedCopyEngineCount, a.sharedDecoderCount, a.sharedEncoderCount, a.sharedJpegCount, a.sharedOfaCount);
    }

    /** go-nvlib's {@code GetProfile}: match the instances' profile ids against the profile tables. */
    private static MigProfile profileOf(Nvml nvml, Pointer parent, int giId, int ciId, long migMemoryMb,
            long parentMemoryBytes) {
        Pointer gi = nvml.gpuInstanceById(parent, giId);
        Pointer ci = nvml.computeInstanceById(gi, ciId);
        int giProfileId = nvml.gpuInstanceInfo(gi).profileId;
        int ciProfileId = nvml.computeInstanceInfo(ci).profileId;
        for (int i = 0; i < NvmlConstants.GPU_INSTANCE_PROFILE_COUNT; i++) {
            Optional<NvmlStructs.GpuInstanceProfileInfo> giInfo = nvml.gpuInstanceProfile(parent, i);
            if (giInfo.isEmpty() || giInfo.get().id != giProfileId) {
                continue;
            }
            for (int j = 0; j < NvmlConstants.COMPUTE_INSTANCE_PROFILE_COUNT; j++) {
                Optional<NvmlStructs.ComputeInstanceProfileInfo> ciInfo = nvml.computeInstanceProfile(gi, j);
                if (ciInfo.isPresent() && ciInfo.get().id == ciProfileId) {
                    return MigProfiles.of(i, j, migMemoryMb, parentMemoryBytes);
                }
            }
        }
        throw new DiscoveryException(DiscoveryException.Kind.INVALID, "no matching profile IDs found");
    }

    /** go-nvlib's {@code GetMigProfiles} for one device, unique by name, in NVML's order. */
    private static List<MigProfile> supportedProfiles(Nvml nvml, int index, Pointer handle, long memoryBytes) {
        Map<String, MigProfile> profiles = new LinkedHashMap<>();
        for (int i = 0; i < NvmlConstants.GPU_INSTANCE_PROFILE_COUNT; i++) {
            int gpuProfile = i;
            Optional<NvmlStructs.GpuInstanceProfileInfo> info = call(
                    "error visiting device " + index + ": error getting GPU Instance profile info",
                    () -> nvml.gpuInstanceProfile(handle, gpuProfile));
            if (info.isEmpty()) {
                continue;
            }
            for (int j = 0; j < NvmlConstants.COMPUTE_INSTANCE_PROFILE_COUNT; j++) {
                MigProfile p = MigProfiles.of(i, j, info.get().memorySizeMB, memoryBytes);
                if (MigProfiles.plausible(p.computeSlices(), p.gpuSlices())) {
                    profiles.putIfAbsent(p.name(), p);
                }
            }
        }
        return List.copyOf(profiles.values());
    }

    /** PCIe level and NVLink lanes for every pair of GPUs; pairs NVML knows nothing about are left out. */
    private static Topology topology(Nvml nvml, List<Found> gpus) {
        List<NvLinks> nvlinks = new ArrayList<>();
        for (Found f : gpus) {
            nvlinks.add(nvLinks(nvml, f));
        }
        List<GpuLink> links = new ArrayList<>();
        for (int a = 0; a < gpus.size(); a++) {
            for (int b = a + 1; b < gpus.size(); b++) {
                Found fa = gpus.get(a);
                Found fb = gpus.get(b);
                PcieLevel pcie = pcieLevel(nvml.topologyCommonAncestor(fa.handle(), fb.handle()));
                String busB = fb.gpu().pciBusId().toLowerCase(Locale.ROOT);
                int lanes = nvlinks.get(a).lanesTo(busB, nvlinks.get(b));
                if (pcie != null || lanes > 0) {
                    links.add(new GpuLink(fa.gpu().uuid(), fb.gpu().uuid(), pcie, lanes));
                }
            }
        }
        return Topology.of(links);
    }

    /**
     * The GPU's active NVLinks, sorted by what their far end is: a switch when NVML says so, a GPU
     * when it says so or cannot tell (older drivers), anything else (a CPU's NPU) left out.
     */
    private static NvLinks nvLinks(Nvml nvml, Found f) {
        List<String> gpuRemotes = new ArrayList<>();
        Set<String> switches = new HashSet<>();
        int switchLinks = 0;
        for (int link = 0; link < NvmlConstants.NVLINK_MAX_LINKS; link++) {
            Optional<Boolean> active;
            try {
                active = nvml.nvLinkActive(f.handle(), link);
            } catch (NvmlException e) {
                LOG.debug("NVLink {} state of GPU {}: {}", link, f.gpu().index(), e.ret());
                continue;
            }
            if (active.isEmpty()) {
                break;  // no NVLink on this GPU, or no more links
            }
            if (!active.get()) {
                continue;
            }
            String remote;
            try {
                remote = nvml.nvLinkRemoteBusId(f.handle(), link).toLowerCase(Locale.ROOT);
            } catch (NvmlException e) {
                LOG.debug("NVLink {} remote of GPU {}: {}", link, f.gpu().index(), e.ret());
                continue;
            }
            OptionalInt type = nvml.nvLinkRemoteDeviceType(f.handle(), link);
            if (type.isPresent() && type.getAsInt() == NvmlConstants.NVLINK_DEVICE_TYPE_SWITCH) {
                switches.add(remote);
                switchLinks++;
            } else if (type.isEmpty() || type.getAsInt() == NvmlConstants.NVLINK_DEVICE_TYPE_GPU) {
                gpuRemotes.add(remote);
            }
        }
        return new NvLinks(gpuRemotes, switches, switchLinks);
    }

    /** go-gpuallocator's mapping of NVML's common-ancestor levels; unknown levels are dropped. */
    static PcieLevel pcieLevel(OptionalInt level) {
        if (level.isEmpty()) {
            return null;
        }
        return switch (level.getAsInt()) {
            case NvmlConstants.TOPOLOGY_INTERNAL -> PcieLevel.SAME_BOARD;
            case NvmlConstants.TOPOLOGY_SINGLE -> PcieLevel.SINGLE_SWITCH;
            case NvmlConstants.TOPOLOGY_MULTIPLE -> PcieLevel.MULTI_SWITCH;
            case NvmlConstants.TOPOLOGY_HOSTBRIDGE -> PcieLevel.HOST_BRIDGE;
            case NvmlConstants.TOPOLOGY_NODE -> PcieLevel.SAME_CPU;
            case NvmlConstants.TOPOLOGY_SYSTEM -> PcieLevel.CROSS_CPU;
            default -> null;
        };
    }

    private interface NvmlCall<T> {
        T get();
    }

    /** Runs one NVML query; a failure becomes upstream's "error visiting device" kind of message. */
    private static <T> T call(String what, NvmlCall<T> call) {
        try {
            return call.get();
        } catch (NvmlException e) {
            throw new DiscoveryException(DiscoveryException.Kind.INVALID, what + ": " + e.ret(), e);
        }
    }
}

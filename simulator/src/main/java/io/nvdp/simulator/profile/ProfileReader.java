package io.nvdp.simulator.profile;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import io.nvdp.domain.DomainException;
import io.nvdp.domain.model.DriverVersions;
import io.nvdp.domain.model.ComputeCapability;
import io.nvdp.domain.model.Gpu;
import io.nvdp.domain.model.GpuLink;
import io.nvdp.domain.model.MigDevice;
import io.nvdp.domain.model.MigProfile;
import io.nvdp.domain.model.PcieLevel;
import io.nvdp.domain.port.DiscoveryException;
import io.nvdp.yaml.YamlReader;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one profile text into a {@link NodeProfile}, walking the YAML tree by hand so that every
 * problem is reported as one line naming the field path and the value.
 */
final class ProfileReader {
    // Repeated keys are an error, and an empty value reads as null.
    private static final YamlReader YAML = YamlReader.strict();

    /** What the fake libnvidia-ml.so reports when its node file names no driver. */
    static final String DEFAULT_DRIVER_VERSION = "535.104.05";
    static final int DEFAULT_CUDA_DRIVER_VERSION = 12020;

    private static final List<String> TOP_KEYS = List.of(
            "name", "description", "initError", "gpuDefaults", "gpus", "nvswitch", "pcieGroups", "pcieDefault",
            "links", "faults", "platform", "driverVersion", "cudaDriverVersion");
    private static final List<String> GPU_KEYS = List.of(
            "index", "uuid", "minor", "product", "memoryMiB", "pciBusId", "numaNode", "computeCapability",
            "migEnabled", "supportedMigProfiles", "migDevices");
    /** Keys that must differ per GPU have no place among the defaults. */
    private static final List<String> GPU_DEFAULT_KEYS = GPU_KEYS.stream()
            .filter(k -> !Set.of("index", "uuid", "minor", "pciBusId").contains(k)).toList();
    private static final List<String> MIG_KEYS = List.of("profile", "gi", "ci", "slot", "uuid", "memoryMiB");
    private static final List<String> NVSWITCH_KEYS = List.of("switches", "linksPerGpu", "gpus");
    private static final List<String> PCIE_GROUP_KEYS = List.of("level", "gpus");
    private static final List<String> LINK_KEYS = List.of("from", "to", "nvlinks", "pcie");
    private static final List<String> FAULT_KEYS = List.of(
            "after", "gpu", "xid", "gi", "ci", "lost", "back", "waitError", "reason");
    private static final List<String> FAULT_KINDS = List.of("xid", "lost", "back", "waitError");

    /** NVLink lanes per GPU pair: 12 on A100, 18 on H100. */
    static final int MAX_NVLINK_LANES = 18;
    static final int MAX_NVSWITCHES = 64;

    private static final Pattern PCI_BUS_ID =
            Pattern.compile("[0-9A-Fa-f]{8}:[0-9A-Fa-f]{2}:[0-9A-Fa-f]{2}\\.[0-7]");
    private static final Pattern COMPUTE_CAPABILITY = Pattern.compile("(\\d+)\\.(\\d+)");
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");
    /** The longest fault delay: a year, so that no schedule overflows. */
    private static final Duration MAX_DURATION = Duration.ofDays(365);
    /** What {@code nvmlInit} can return besides success: the values {@code initError} may take. */
    private static final List<String> NVML_ERRORS = List.of(
            "ERROR_UNINITIALIZED", "ERROR_INVALID_ARGUMENT", "ERROR_NOT_SUPPORTED", "ERROR_NO_PERMISSION",
            "ERROR_ALREADY_INITIALIZED", "ERROR_NOT_FOUND", "ERROR_INSUFFICIENT_SIZE", "ERROR_INSUFFICIENT_POWER",
            "ERROR_DRIVER_NOT_LOADED", "ERROR_TIMEOUT", "ERROR_IRQ_ISSUE", "ERROR_LIBRARY_NOT_FOUND",
            "ERROR_FUNCTION_NOT_FOUND", "ERROR_CORRUPTED_INFOROM", "ERROR_GPU_IS_LOST", "ERROR_RESET_REQUIRED",
            "ERROR_OPERATING_SYSTEM", "ERROR_LIB_RM_VERSION_MISMATCH", "ERROR_IN_USE", "ERROR_MEMORY", "ERROR_NO_DATA",
            "ERROR_INSUFFICIENT_RESOURCES", "ERROR_ARGUMENT_VERSION_MISMATCH", "ERROR_NOT_READY",
            "ERROR_GPU_NOT_FOUND", "ERROR_INVALID_STATE", "ERROR_UNKNOWN");
    private static final Map<String, PcieLevel> PCIE_LEVELS = pcieLevels();

    private final String source;
    private final String defaultName;
    private final Map<String, String> uuidOwners = new HashMap<>();

    ProfileReader(String source, String defaultName) {
        this.source = source;
        this.defaultName = defaultName;
    }

    /** A position in the tree: its path for messages and its node ({@code null} when the key is absent). */
    private record At(String path, JsonNode node) {
        At field(String key) {
            return new At(path.isEmpty() ? key : path + "." + key, node == null ? null : node.get(key));
        }

        At item(int i) {
            return new At(path + "[" + i + "]", node.get(i));
        }

        boolean present() {
            return node != null;
        }
    }

    NodeProfile read(byte[] text) {
        JsonNode root;
        try {
            root = YAML.read(text);
        } catch (JacksonException e) {
            throw fail("malformed YAML" + describe(e));
        } catch (IOException e) {
            throw fail("unreadable YAML: " + e.getMessage());
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw fail("is empty");
        }
        At top = new At("", root);
        if (!root.isObject()) {
            throw fail("the top level must be a mapping, got " + show(root));
        }
        checkKeys(top, TOP_KEYS);
        String name = optionalString(top.field("name")).orElse(defaultName);
        optionalString(top.field("description"));
        if (isTegra(top)) {
            return tegraProfile(top, name);
        }
        Optional<String> initError = optionalString(top.field("initError"));
        if (initError.isPresent() && !NVML_ERRORS.contains(initError.get())) {
            throw fail("initError '" + initError.get() + "' is not an NVML error (expected one of: "
                    + String.join(", ", NVML_ERRORS) + ")");
        }

        At defaults = top.field("gpuDefaults");
        if (defaults.present()) {
            checkKeys(defaults, GPU_DEFAULT_KEYS);
        }
        List<At> gpuItems = list(top.field("gpus"));
        int[] indices = assignIndices(gpuItems);
        Gpu[] byIndex = new Gpu[gpuItems.size()];
        Map<Integer, String> minorOwners = new HashMap<>();
        Map<String, String> busOwners = new HashMap<>();
        for (int i = 0; i < gpuItems.size(); i++) {
            At item = gpuItems.get(i);
            Gpu gpu = readGpu(item, defaults, indices[i], name);
            String minorPath = item.field("minor").path();
            String previousMinor = minorOwners.putIfAbsent(gpu.minorNumber(), minorPath);
            if (previousMinor != null) {
                throw fail(minorPath + " " + gpu.minorNumber() + " is a duplicate of " + previousMinor);
            }
            String busPath = item.field("pciBusId").path();
            String previousBus = busOwners.putIfAbsent(gpu.pciBusId(), busPath);
            if (previousBus != null) {
                throw fail(busPath + " " + gpu.pciBusId() + " is a duplicate of " + previousBus);
            }
            byIndex[gpu.index()] = gpu;
        }
        List<Gpu> gpus = List.of(byIndex);

        Optional<NvSwitchFabric> nvswitch = readNvSwitch(top.field("nvswitch"), gpus);
        List<ProfileLink> links = readTopology(top, gpus, nvswitch);
        List<ScheduledFault> faults = readFaults(top.field("faults"), gpus.size());
        DriverVersions driver = new DriverVersions(
                optionalString(top.field("driverVersion")).orElse(DEFAULT_DRIVER_VERSION),
                optionalInt(top.field("cudaDriverVersion")).orElse(DEFAULT_CUDA_DRIVER_VERSION));
        return new NodeProfile(name, source, initError, gpus, links, faults, nvswitch, driver);
    }

    // ---------------------------------------------------------------- GPUs

    /**
     * NVML indices are 0..n-1. GPUs that give an index keep it; the others take the free ones in list order.
     */
    private int[] assignIndices(List<At> items) {
        int count = items.size();
        int[] indices = new int[count];
        String[] owners = new String[count];
        for (int i = 0; i < count; i++) {
            At item = items.get(i);
            checkKeys(item, GPU_KEYS);
            At indexAt = item.field("index");
            indices[i] = -1;
            if (indexAt.present()) {
                int index = requiredInt(indexAt);
                if (index < 0 || index >= count) {
                    throw fail(indexAt.path() + " " + index + " is out of range: the profile has " + count
                            + " GPUs, so indices are 0.." + (count - 1));
                }
                if (owners[index] != null) {
                    throw fail(indexAt.path() + " " + index + " is a duplicate of " + owners[index]);
                }
                owners[index] = indexAt.path();
                indices[i] = index;
            }
        }
        int free = 0;
        for (int i = 0; i < count; i++) {
            if (indices[i] < 0) {
                while (owners[free] != null) {
                    free++;
                }
                owners[free] = items.get(i).path();
                indices[i] = free;
            }
        }
        return indices;
    }

    private Gpu readGpu(At item, At defaults, int index, String profileName) {
        At uuidAt = item.field("uuid");
        String uuid = optionalString(uuidAt).orElse(null);
        if (uuid == null) {
            uuid = DeterministicUuids.gpuUuid(profileName, index);
        } else if (!DeterministicUuids.GPU_UUID.matcher(uuid).matches()) {
            throw fail(uuidAt.path() + " '" + uuid + "' is not a GPU UUID (expected GPU-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)");
        }
        claimUuid(uuid, uuidAt.path());

        At minorAt = item.field("minor");
        int minor = optionalInt(minorAt).orElse(index);
        if (minor < 0) {
            throw fail(minorAt.path() + " " + minor + " must not be negative");
        }
        String product = requiredString(gpuField(item, defaults, "product"));
        At memoryAt = gpuField(item, defaults, "memoryMiB");
        long memoryMiB = requiredLong(memoryAt);
        if (memoryMiB <= 0) {
            throw fail(memoryAt.path() + " " + memoryMiB + " must be positive");
        }
        At busAt = item.field("pciBusId");
        String pciBusId = optionalString(busAt)
                .map(b -> {
                    if (!PCI_BUS_ID.matcher(b).matches()) {
                        throw fail(busAt.path() + " '" + b + "' is not a PCI bus id (expected like 00000000:3B:00.0)");
                    }
                    return b.toUpperCase(Locale.ROOT);
                })
                .orElse(String.format(Locale.ROOT, "00000000:%02X:00.0", index + 1));
        At numaAt = gpuField(item, defaults, "numaNode");
        OptionalInt numaNode = optionalInt(numaAt);
        if (numaNode.isPresent() && numaNode.getAsInt() < 0) {
            throw fail(numaAt.path() + " " + numaNode.getAsInt() + " must not be negative (leave it out when unknown)");
        }
        ComputeCapability cc = computeCapability(gpuField(item, defaults, "computeCapability"));

        At migEnabledAt = gpuField(item, defaults, "migEnabled");
        boolean migEnabled = optionalBoolean(migEnabledAt).orElse(false);
        At supportedAt = gpuField(item, defaults, "supportedMigProfiles");
        List<MigProfile> supported = readSupportedProfiles(supportedAt);
        At devicesAt = gpuField(item, defaults, "migDevices");
        List<At> deviceItems = list(devicesAt);
        if (!deviceItems.isEmpty() && !migEnabled) {
            throw fail(devicesAt.path() + " lists MIG devices but " + migEnabledAt.path() + " is not true");
        }
        if (migEnabled && supported.isEmpty()) {
            throw fail(migEnabledAt.path() + " is true but " + supportedAt.path() + " is empty");
        }
        if (migEnabled && minor >= MigMinors.MAX_GPUS) {
            throw fail(minorAt.path() + " " + minor + " is too high for a MIG-enabled GPU (at most "
                    + (MigMinors.MAX_GPUS - 1) + ")");
        }
        List<MigDevice> migDevices = readMigDevices(devicesAt, deviceItems, supportedAt, supported, uuid, minor);
        return new Gpu(index, uuid, product, minor, memoryMiB, pciBusId, numaNode, cc, migEnabled, migDevices, supported);
    }

    /** A GPU's key, else the same key of {@code gpuDefaults}; the path says which one supplied it. */
    private static At gpuField(At gpu, At defaults, String key) {
        At own = gpu.field(key);
        if (own.present() || !defaults.present()) {
            return own;
        }
        At inherited = defaults.field(key);
        return inherited.present() ? inherited : own;
    }

    private List<MigProfile> readSupportedProfiles(At at) {
        List<MigProfile> profiles = new ArrayList<>();
        for (At item : list(at)) {
            MigProfile profile = migProfile(item);
            if (profiles.contains(profile)) {
                throw fail(item.path() + " '" + profile + "' is listed twice");
            }
            profiles.add(profile);
        }
        return profiles;
    }

    private List<MigDevice> readMigDevices(At devicesAt, List<At> items, At supportedAt, List<MigProfile> supported,
                                           String gpuUuid, int gpuMinor) {
        List<MigDevice> devices = new ArrayList<>();
        Map<String, String> instanceOwners = new HashMap<>();
        Map<Integer, String> slotOwners = new HashMap<>();
        Map<Integer, MigProfile> giShapes = new HashMap<>();
        Map<Integer, Integer> giComputeSlices = new HashMap<>();
        for (int j = 0; j < items.size(); j++) {
            At item = items.get(j);
            checkKeys(item, MIG_KEYS);
            At profileAt = item.field("profile");
            if (!profileAt.present()) {
                throw fail(profileAt.path() + " is missing");
            }
            MigProfile profile = migProfile(profileAt);
            if (!supported.contains(profile)) {
                throw fail(profileAt.path() + " '" + profile + "' is not in " + supportedAt.path());
            }
            At giAt = item.field("gi");
            int gi = requiredInt(giAt);
            checkRange(giAt, gi, MigMinors.MAX_GPU_INSTANCES);
            At ciAt = item.field("ci");
            int ci = optionalInt(ciAt).orElse(0);
            checkRange(ciAt, ci, MigMinors.MAX_COMPUTE_INSTANCES);
            String previous = instanceOwners.putIfAbsent(gi + "/" + ci, item.path());
            if (previous != null) {
                throw fail(item.path() + " (gi " + gi + ", ci " + ci + ") is a duplicate of " + previous);
            }
            MigProfile shape = new MigProfile(profile.gpuSlices(), profile.gpuSlices(), profile.memoryGb(), List.of());
            MigProfile giShape = giShapes.putIfAbsent(gi, shape);
            if (giShape != null && !giShape.equals(shape)) {
                throw fail(profileAt.path() + " '" + profile + "' does not fit GPU instance " + gi
                        + ", which an earlier device makes a " + giShape + " instance");
            }
            int usedSlices = giComputeSlices.merge(gi, profile.computeSlices(), Integer::sum);
            if (usedSlices > profile.gpuSlices()) {
                throw fail(item.path() + " overfills GPU instance " + gi + ": its compute instances need "
                        + usedSlices + " compute slices but a " + shape + " instance has " + profile.gpuSlices());
            }
            At slotAt = item.field("slot");
            int slot = optionalInt(slotAt).orElse(j);
            if (slot < 0) {
                throw fail(slotAt.path() + " " + slot + " must not be negative");
            }
            String previousSlot = slotOwners.putIfAbsent(slot, slotAt.path());
            if (previousSlot != null) {
                throw fail(slotAt.path() + " " + slot + " is a duplicate of " + previousSlot);
            }
            At uuidAt = item.field("uuid");
            String uuid = optionalString(uuidAt).orElse(null);
            if (uuid == null) {
                uuid = DeterministicUuids.migUuid(gpuUuid, gi, ci);
            } else {
                checkMigUuid(uuidAt, uuid, gpuUuid, gi, ci);
            }
            claimUuid(uuid, uuidAt.path());
            At memoryAt = item.field("memoryMiB");
            long memoryMiB = optionalLong(memoryAt).orElse(profile.memoryGb() * 1024L);
            if (memoryMiB <= 0) {
                throw fail(memoryAt.path() + " " + memoryMiB + " must be positive");
            }
            List<String> capPaths = List.of(
                    MigMinors.capabilityDevicePath(MigMinors.gpuInstanceAccess(gpuMinor, gi)),
                    MigMinors.capabilityDevicePath(MigMinors.computeInstanceAccess(gpuMinor, gi, ci)));
            devices.add(new MigDevice(uuid, slot, profile, gi, ci, memoryMiB, SimulatedMigAttributes.of(profile), capPaths));
        }
        int maxSlices = supported.stream().mapToInt(MigProfile::gpuSlices).max().orElse(0);
        int usedGpuSlices = giShapes.values().stream().mapToInt(MigProfile::gpuSlices).sum();
        if (usedGpuSlices > maxSlices) {
            throw fail(devicesAt.path() + " needs " + usedGpuSlices + " GPU slices for its GPU instances but the GPU has "
                    + maxSlices);
        }
        devices.sort(Comparator.comparingInt(MigDevice::slot));
        return devices;
    }

    private void checkMigUuid(At at, String uuid, String gpuUuid, int gi, int ci) {
        if (DeterministicUuids.MIG_UUID.matcher(uuid).matches()) {
            return;
        }
        Matcher legacy = DeterministicUuids.LEGACY_MIG_UUID.matcher(uuid);
        if (!legacy.matches()) {
            throw fail(at.path() + " '" + uuid + "' is not a MIG UUID (expected MIG-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"
                    + " or MIG-GPU-<uuid>/<gi>/<ci>)");
        }
        if (!legacy.group(1).equals(gpuUuid) || !legacy.group(2).equals(Integer.toString(gi))
                || !legacy.group(3).equals(Integer.toString(ci))) {
            throw fail(at.path() + " '" + uuid + "' does not name this device (" + gpuUuid + ", gi " + gi + ", ci " + ci + ")");
        }
    }

    private MigProfile migProfile(At at) {
        String text = requiredString(at);
        try {
            return MigProfile.parse(text);
        } catch (DomainException e) {
            throw fail(at.path() + " '" + text + "' is not a MIG profile (expected like 1g.5gb, 1c.2g.10gb or 1g.5gb+me)");
        }
    }

    private ComputeCapability computeCapability(At at) {
        if (!at.present()) {
            throw fail(at.path() + " is missing");
        }
        // YAML reads an unquoted 8.0 as a number; its text is what the user wrote.
        String text = at.node().isNumber() || at.node().isTextual() ? at.node().asText() : null;
        Matcher m = text == null ? null : COMPUTE_CAPABILITY.matcher(text);
        if (m == null || !m.matches()) {
            throw fail(at.path() + " " + show(at.node()) + " is not a compute capability (expected like 8.0)");
        }
        return new ComputeCapability(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    private void claimUuid(String uuid, String path) {
        String previous = uuidOwners.putIfAbsent(uuid.toLowerCase(Locale.ROOT), path);
        if (previous != null) {
            throw fail(path + " " + uuid + " is a duplicate of " + previous);
        }
    }

    // ---------------------------------------------------------------- topology

    /**
     * {@code nvswitch}: {@code switches}, {@code linksPerGpu} and the member {@code gpus} (default:
     * every GPU but display adapters).
     */
    private Optional<NvSwitchFabric> readNvSwitch(At nvswitch, List<Gpu> gpus) {
        if (!nvswitch.present()) {
            return Optional.empty();
        }
        checkKeys(nvswitch, NVSWITCH_KEYS);
        int switches = requiredInt(nvswitch.field("switches"));
        if (switches < 1 || switches > MAX_NVSWITCHES) {
            throw fail(nvswitch.field("switches").path() + " " + switches + " is out of range 1.." + MAX_NVSWITCHES);
        }
        int links = lanes(nvswitch.field("linksPerGpu"), true);
        if (links < 1) {
            throw fail(nvswitch.field("linksPerGpu").path() + " " + links + " is out of range 1.." + MAX_NVLINK_LANES);
        }
        At members = nvswitch.field("gpus");
        Set<Integer> gpuSet = new HashSet<>();
        if (members.present()) {
            gpuSet.addAll(gpuIndices(members, gpus.size()));
        } else {
            gpus.stream().filter(g -> !NodeProfile.isDisplayAdapter(g)).forEach(g -> gpuSet.add(g.index()));
        }
        return Optional.of(new NvSwitchFabric(switches, links, gpuSet));
    }

    /** Every GPU's NVLinks, to the fabric and direct, must fit in the links NVML can report. */
    private void checkNvLinkBudget(int[] fabricLinks, int[] directLinks) {
        for (int i = 0; i < fabricLinks.length; i++) {
            int total = fabricLinks[i] + directLinks[i];
            if (total > MAX_NVLINK_LANES) {
                throw fail("GPU " + i + " has " + total + " NVLinks (" + fabricLinks[i] + " to nvswitch, "
                        + directLinks[i] + " in links), more than the " + MAX_NVLINK_LANES + " NVML reports per GPU");
            }
        }
    }

    private List<ProfileLink> readTopology(At top, List<Gpu> gpus, Optional<NvSwitchFabric> nvswitch) {
        int count = gpus.size();
        int[] nvswitchLanes = new int[count];
        int[] directLanes = new int[count];
        nvswitch.ifPresent(fabric -> fabric.gpus().forEach(idx -> nvswitchLanes[idx] = fabric.linksPerGpu()));
        List<Map.Entry<PcieLevel, Set<Integer>>> groups = new ArrayList<>();
        List<At> groupItems = list(top.field("pcieGroups"));
        for (At group : groupItems) {
            checkKeys(group, PCIE_GROUP_KEYS);
            PcieLevel level = pcieLevel(group.field("level"), true).orElseThrow();
            At members = group.field("gpus");
            if (!members.present()) {
                throw fail(members.path() + " is missing");
            }
            groups.add(Map.entry(level, new HashSet<>(gpuIndices(members, count))));
        }
        Optional<PcieLevel> pcieDefault = pcieLevel(top.field("pcieDefault"), false);

        Map<String, At> explicit = new LinkedHashMap<>();
        Map<String, String> explicitOwner = new HashMap<>();
        List<At> linkItems = list(top.field("links"));
        for (At link : linkItems) {
            checkKeys(link, LINK_KEYS);
            int from = gpuIndex(link.field("from"), count);
            int to = gpuIndex(link.field("to"), count);
            if (from == to) {
                throw fail(link.field("to").path() + " " + to + " is the same GPU as " + link.field("from").path());
            }
            if (!link.field("nvlinks").present() && !link.field("pcie").present()) {
                throw fail(link.path() + " gives neither nvlinks nor pcie");
            }
            lanes(link.field("nvlinks"), false);
            pcieLevel(link.field("pcie"), false);
            String key = pairKey(from, to);
            String previous = explicitOwner.putIfAbsent(key, link.path());
            if (previous != null) {
                throw fail(link.path() + " joins GPUs " + from + " and " + to + " again (" + previous + " already does)");
            }
            explicit.put(key, link);
        }

        List<ProfileLink> links = new ArrayList<>();
        for (int a = 0; a < count; a++) {
            for (int b = a + 1; b < count; b++) {
                At link = explicit.get(pairKey(a, b));
                int lanes = nvswitchLanes[a] > 0 && nvswitchLanes[b] > 0
                        ? GpuLink.fabricLanes(nvswitchLanes[a], nvswitchLanes[b]) : 0;
                Optional<PcieLevel> pcie = Optional.empty();
                for (Map.Entry<PcieLevel, Set<Integer>> group : groups) {
                    if (group.getValue().contains(a) && group.getValue().contains(b)) {
                        pcie = Optional.of(group.getKey());
                        break;
                    }
                }
                if (pcie.isEmpty()) {
                    pcie = pcieDefault;
                }
                if (link != null) {
                    // Direct links come on top of the fabric's.
                    int direct = lanes(link.field("nvlinks"), false);
                    lanes += direct;
                    directLanes[a] += direct;
                    directLanes[b] += direct;
                    Optional<PcieLevel> own = pcieLevel(link.field("pcie"), false);
                    if (own.isPresent()) {
                        pcie = own;
                    }
                }
                if (lanes > 0 || pcie.isPresent()) {
                    links.add(new ProfileLink(a, b, pcie, lanes));
                }
            }
        }
        checkNvLinkBudget(nvswitchLanes, directLanes);
        return links;
    }

    private static String pairKey(int x, int y) {
        return Math.min(x, y) + "-" + Math.max(x, y);
    }

    private int lanes(At at, boolean required) {
        if (!at.present() && !required) {
            return 0;
        }
        int lanes = requiredInt(at);
        if (lanes < 0 || lanes > MAX_NVLINK_LANES) {
            throw fail(at.path() + " " + lanes + " is out of range 0.." + MAX_NVLINK_LANES);
        }
        return lanes;
    }

    private Optional<PcieLevel> pcieLevel(At at, boolean required) {
        if (!at.present() && !required) {
            return Optional.empty();
        }
        String text = requiredString(at);
        PcieLevel level = PCIE_LEVELS.get(text);
        if (level == null) {
            throw fail(at.path() + " '" + text + "' is not a PCIe level (expected one of: "
                    + String.join(", ", PCIE_LEVELS.keySet()) + ")");
        }
        return Optional.of(level);
    }

    private List<Integer> gpuIndices(At at, int count) {
        List<Integer> indices = new ArrayList<>();
        for (At item : list(at)) {
            int idx = gpuIndex(item, count);
            if (indices.contains(idx)) {
                throw fail(item.path() + " " + idx + " is listed twice");
            }
            indices.add(idx);
        }
        return indices;
    }

    private int gpuIndex(At at, int count) {
        int idx = requiredInt(at);
        if (idx < 0 || idx >= count) {
            throw fail(at.path() + ": unknown GPU index " + idx);
        }
        return idx;
    }

    // ---------------------------------------------------------------- faults

    private List<ScheduledFault> readFaults(At at, int count) {
        List<ScheduledFault> faults = new ArrayList<>();
        for (At item : list(at)) {
            checkKeys(item, FAULT_KEYS);
            List<String> kinds = FAULT_KINDS.stream().filter(k -> item.field(k).present()).toList();
            if (kinds.size() != 1) {
                throw fail(item.path() + " must have exactly one of " + String.join(", ", FAULT_KINDS)
                        + (kinds.isEmpty() ? "" : ", has " + String.join(", ", kinds)));
            }
            String kind = kinds.getFirst();
            Duration after = duration(item.field("after"));
            At gpuAt = item.field("gpu");
            At giAt = item.field("gi");
            At ciAt = item.field("ci");
            if (!kind.equals("xid") && (giAt.present() || ciAt.present())) {
                throw fail((giAt.present() ? giAt : ciAt).path() + " is only allowed with xid");
            }
            if (!kind.equals("waitError") && item.field("reason").present()) {
                throw fail(item.field("reason").path() + " is only allowed with waitError");
            }
            switch (kind) {
                case "xid" -> {
                    int gpu = gpuIndex(gpuAt, count);
                    At xidAt = item.field("xid");
                    long xid = requiredLong(xidAt);
                    if (xid < 0) {
                        throw fail(xidAt.path() + " " + xid + " must not be negative");
                    }
                    if (giAt.present() != ciAt.present()) {
                        throw fail((giAt.present() ? ciAt : giAt).path() + " is missing (gi and ci go together)");
                    }
                    OptionalInt gi = OptionalInt.empty();
                    OptionalInt ci = OptionalInt.empty();
                    if (giAt.present()) {
                        gi = OptionalInt.of(requiredInt(giAt));
                        checkRange(giAt, gi.getAsInt(), MigMinors.MAX_GPU_INSTANCES);
                        ci = OptionalInt.of(requiredInt(ciAt));
                        checkRange(ciAt, ci.getAsInt(), MigMinors.MAX_COMPUTE_INSTANCES);
                    }
                    faults.add(new ScheduledFault.Xid(after, gpu, xid, gi, ci));
                }
                case "lost" -> {
                    requireTrue(item.field(kind));
                    faults.add(new ScheduledFault.Lost(after, gpuIndex(gpuAt, count)));
                }
                case "back" -> {
                    requireTrue(item.field(kind));
                    faults.add(new ScheduledFault.Back(after, gpuIndex(gpuAt, count)));
                }
                default -> {
                    requireTrue(item.field(kind));
                    if (gpuAt.present()) {
                        throw fail(gpuAt.path() + " is not allowed with waitError (it concerns every GPU)");
                    }
                    String reason = optionalString(item.field("reason")).orElse("simulated wait error");
                    faults.add(new ScheduledFault.WaitError(after, reason));
                }
            }
        }
        // Stable: faults due at the same moment keep the profile's order.
        faults.sort(Comparator.comparing(ScheduledFault::after));
        return faults;
    }

    private Duration duration(At at) {
        String text = requiredString(at);
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            throw fail(at.path() + " '" + text + "' is not a duration (expected like 500ms, 5s, 2m or 1h)");
        }
        Duration duration;
        try {
            long n = Long.parseLong(m.group(1));
            duration = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        } catch (NumberFormatException | ArithmeticException e) {
            duration = null;
        }
        if (duration == null || duration.compareTo(MAX_DURATION) > 0) {
            throw fail(at.path() + " '" + text + "' is longer than the longest delay, 8760h (a year)");
        }
        return duration;
    }

    private void requireTrue(At at) {
        if (!optionalBoolean(at).orElse(false)) {
            throw fail(at.path() + " must be true when given, got " + show(at.node()));
        }
    }

    // ---------------------------------------------------------------- scalar helpers

    private void checkKeys(At at, List<String> allowed) {
        if (!at.node().isObject()) {
            throw fail(at.path() + " must be a mapping, got " + show(at.node()));
        }
        for (Iterator<String> names = at.node().fieldNames(); names.hasNext(); ) {
            String key = names.next();
            if (!allowed.contains(key)) {
                throw fail(at.field(key).path() + " is not a known key (expected one of: "
                        + String.join(", ", allowed) + ")");
            }
        }
    }

    private List<At> list(At at) {
        if (!at.present()) {
            return List.of();
        }
        if (!at.node().isArray()) {
            throw fail(at.path() + " must be a list, got " + show(at.node()));
        }
        List<At> items = new ArrayList<>(at.node().size());
        for (int i = 0; i < at.node().size(); i++) {
            items.add(at.item(i));
        }
        return items;
    }

    private int requiredInt(At at) {
        long value = requiredLong(at);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw fail(at.path() + " " + value + " is too large");
        }
        return (int) value;
    }

    private OptionalInt optionalInt(At at) {
        return at.present() ? OptionalInt.of(requiredInt(at)) : OptionalInt.empty();
    }

    private long requiredLong(At at) {
        JsonNode node = present(at);
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw fail(at.path() + " must be an integer, got " + show(node));
        }
        return node.asLong();
    }

    private Optional<Long> optionalLong(At at) {
        return at.present() ? Optional.of(requiredLong(at)) : Optional.empty();
    }

    private String requiredString(At at) {
        JsonNode node = present(at);
        if (!node.isTextual()) {
            throw fail(at.path() + " must be a string, got " + show(node) + " (quote it)");
        }
        if (node.asText().isBlank()) {
            throw fail(at.path() + " '" + node.asText() + "' must not be empty");
        }
        return node.asText();
    }

    private Optional<String> optionalString(At at) {
        return at.present() ? Optional.of(requiredString(at)) : Optional.empty();
    }

    private Optional<Boolean> optionalBoolean(At at) {
        if (!at.present()) {
            return Optional.empty();
        }
        JsonNode node = present(at);
        if (!node.isBoolean()) {
            throw fail(at.path() + " must be true or false, got " + show(node));
        }
        return Optional.of(node.asBoolean());
    }

    private JsonNode present(At at) {
        if (!at.present()) {
            throw fail(at.path() + " is missing");
        }
        if (at.node().isNull()) {
            throw fail(at.path() + " has no value");
        }
        return at.node();
    }

    private void checkRange(At at, int value, int limit) {
        if (value < 0 || value >= limit) {
            throw fail(at.path() + " " + value + " is out of range 0.." + (limit - 1));
        }
    }

    private static String show(JsonNode node) {
        if (node == null || node.isNull()) {
            return "nothing";
        }
        if (node.isTextual()) {
            return "'" + node.asText() + "'";
        }
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isArray()) {
            return "a list";
        }
        return node.asText();
    }

    private static final Pattern YAML_MARK = Pattern.compile("\\s*in '.*', line (\\d+), column (\\d+):?");

    /**
     * One line from a YAML parser message, which spans several (context, snippet, caret, problem):
     * the problem's position and the message lines without the snippets.
     */
    private static String describe(JacksonException e) {
        String text = e.getOriginalMessage() == null ? "unreadable" : e.getOriginalMessage();
        String position = null;
        List<String> parts = new ArrayList<>();
        for (String line : text.lines().toList()) {
            Matcher mark = YAML_MARK.matcher(line);
            if (mark.matches()) {
                position = " at line " + mark.group(1) + ", column " + mark.group(2);
            } else if (!line.isBlank() && !line.startsWith("    ")) {
                parts.add(line.strip());
            }
        }
        JsonLocation location = e.getLocation();
        if (position == null && location != null && location.getLineNr() > 0) {
            position = " at line " + location.getLineNr() + ", column " + location.getColumnNr();
        }
        String problem = parts.isEmpty() ? "unreadable" : String.join("; ", parts);
        if (problem.startsWith("Malformed numeric value")) {
            problem += " (quote it)";
        }
        return (position == null ? "" : position) + ": " + problem;
    }

    private static Map<String, PcieLevel> pcieLevels() {
        Map<String, PcieLevel> levels = new LinkedHashMap<>();
        for (PcieLevel level : PcieLevel.values()) {
            levels.put(level.name().toLowerCase(Locale.ROOT).replace('_', '-'), level);
        }
        return levels;
    }

    // ---- platform: a Tegra system (its integrated GPU, no NVML) ----

    private static final List<String> PLATFORMS = List.of("nvml", "tegra");
    private static final List<String> TEGRA_KEYS = List.of("name", "description", "platform");

    /** {@code platform: tegra}; {@code nvml} (the default) is a node of discrete GPUs. */
    private boolean isTegra(At top) {
        At platform = top.field("platform");
        String value = optionalString(platform).orElse("nvml");
        if (!PLATFORMS.contains(value)) {
            throw fail(platform.path() + " must be one of " + String.join(", ", PLATFORMS) + ", got '" + value + "'");
        }
        return value.equals("tegra");
    }

    /** A Tegra system has its one integrated GPU and nothing else a profile could describe. */
    private NodeProfile tegraProfile(At top, String name) {
        for (Iterator<String> keys = top.node().fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!TEGRA_KEYS.contains(key)) {
                throw fail(top.field(key).path() + " is not supported with platform: tegra (a Tegra system has"
                        + " one integrated GPU, no NVML, no topology and no health events)");
            }
        }
        return new NodeProfile(name, source, Optional.empty(), List.of(Gpu.tegra()), List.of(), List.of(),
                Optional.empty(), new DriverVersions(DEFAULT_DRIVER_VERSION, DEFAULT_CUDA_DRIVER_VERSION));
    }

    private DiscoveryException fail(String message) {
        return new DiscoveryException(DiscoveryException.Kind.INVALID, "node profile " + source + ": " + message);
    }
}

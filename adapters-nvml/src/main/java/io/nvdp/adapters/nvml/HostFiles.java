package io.nvdp.adapters.nvml;

import io.nvdp.domain.port.DiscoveryException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** The host files discovery reads besides NVML: sysfs NUMA nodes and the MIG capability minors. */
final class HostFiles {
    private final Path sysRoot;
    private final Path procRoot;

    HostFiles(Path sysRoot, Path procRoot) {
        this.sysRoot = sysRoot;
        this.procRoot = procRoot;
    }

    /**
     * The NUMA node of a GPU from its NVML bus id ({@code 00000000:3B:00.0} -> sysfs
     * {@code 0000:3b:00.0}); empty when the file is missing or negative.
     */
    OptionalInt numaNode(String nvmlBusId) {
        Path file = sysRoot.resolve("bus/pci/devices").resolve(sysfsBusId(nvmlBusId)).resolve("numa_node");
        String text;
        try {
            text = Files.readString(file).trim();
        } catch (NoSuchFileException e) {
            return OptionalInt.empty();
        } catch (IOException e) {
            throw new DiscoveryException(DiscoveryException.Kind.INVALID,
                    "error reading NUMA node from " + file + ": " + e.getMessage(), e);
        }
        int node;
        try {
            node = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new DiscoveryException(DiscoveryException.Kind.INVALID,
                    "error parsing value for NUMA node in " + file + ": '" + text + "'");
        }
        return node < 0 ? OptionalInt.empty() : OptionalInt.of(node);
    }

    /** go-nvlib's PCI bus id: lower case, the leading {@code 0000} of NVML's 8-digit domain dropped. */
    static String sysfsBusId(String nvmlBusId) {
        String id = nvmlBusId.toLowerCase(Locale.ROOT);
        return !id.equals("0000") && id.startsWith("0000") ? id.substring(4) : id;
    }

    /** The parsed {@code <procRoot>/driver/nvidia-caps/mig-minors}, empty when the file does not exist. */
    MigMinors migMinors() {
        Path file = procRoot.resolve("driver/nvidia-caps/mig-minors");
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (NoSuchFileException e) {
            return new MigMinors(Map.of());
        } catch (IOException e) {
            throw new DiscoveryException(DiscoveryException.Kind.INVALID,
                    "error reading " + file + ": " + e.getMessage(), e);
        }
        Map<String, Integer> minors = new HashMap<>();
        for (String line : lines) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length != 2) {
                continue;
            }
            try {
                minors.put(parts[0], Integer.parseInt(parts[1]));
            } catch (NumberFormatException e) {
                throw new DiscoveryException(DiscoveryException.Kind.INVALID,
                        "error parsing line in " + file + ": '" + line + "'");
            }
        }
        return new MigMinors(Map.copyOf(minors));
    }

    /** {@code gpu<g>/gi<gi>[/ci<ci>]/access} -> capability device minor. */
    record MigMinors(Map<String, Integer> minors) {
        /** {@code /dev/nvidia-caps/nvidia-cap<m>} for a GPU instance, or empty. */
        Optional<String> gpuInstanceAccess(int gpuMinor, int gi) {
            return device("gpu" + gpuMinor + "/gi" + gi + "/access");
        }

        /** {@code /dev/nvidia-caps/nvidia-cap<m>} for a compute instance, or empty. */
        Optional<String> computeInstanceAccess(int gpuMinor, int gi, int ci) {
            return device("gpu" + gpuMinor + "/gi" + gi + "/ci" + ci + "/access");
        }

        private Optional<String> device(String key) {
            Integer minor = minors.get(key);
            return minor == null ? Optional.empty() : Optional.of("/dev/nvidia-caps/nvidia-cap" + minor);
        }

        /** The proc capability path upstream names in its "missing ... capability path" error. */
        static String procCapabilityPath(int gpuMinor, int gi, OptionalInt ci) {
            return "/proc/driver/nvidia/capabilities/gpu" + gpuMinor + "/mig/gi" + gi
                    + (ci.isPresent() ? "/ci" + ci.getAsInt() : "") + "/access";
        }
    }
}

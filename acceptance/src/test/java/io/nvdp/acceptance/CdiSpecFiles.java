package io.nvdp.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nvdp.domain.model.Gpu;
import io.nvdp.domain.model.MigDevice;
import io.nvdp.simulator.driverroot.SimulatedDriverRoot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The CDI side of a scenario: the simulated driver root the daemon looks at, the spec directory it
 * writes to, and the checks that the names a container got resolve in the written specs.
 */
final class CdiSpecFiles {
    static final String GPU_KIND = "k8s.device-plugin.nvidia.com/gpu";
    static final String GPU_SPEC = "k8s.device-plugin.nvidia.com-gpu.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> CONTROL_NODES = List.of("/dev/nvidia-modeset", "/dev/nvidia-uvm-tools",
            "/dev/nvidia-uvm", "/dev/nvidiactl");

    private final Path driverRoot;
    private final Path specDir;

    CdiSpecFiles(Path workDir) {
        this.driverRoot = workDir.resolve("driver-root");
        this.specDir = workDir.resolve("cdi");
    }

    Path driverRoot() {
        return driverRoot;
    }

    Path specDir() {
        return specDir;
    }

    /**
     * Writes the simulated driver root for {@code gpus} (the profile's, display adapters included:
     * the driver makes their nodes too) unless it is there.
     */
    void ensureDriverRoot(List<Gpu> gpus) {
        if (!Files.exists(driverRoot)) {
            SimulatedDriverRoot.write(gpus, driverRoot);
        }
    }

    /** The plugin's spec files now in the spec directory. */
    List<String> ourSpecFiles() {
        if (!Files.isDirectory(specDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(specDir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("k8s.device-plugin.nvidia.com-"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The qualified CDI names in an answer's annotations and {@code cdi_devices}. */
    static List<String> names(Map<String, String> annotations, List<String> cdiDevices) {
        List<String> names = new ArrayList<>();
        annotations.forEach((k, v) -> names.addAll(List.of(v.split(","))));
        names.addAll(cdiDevices);
        return names;
    }

    /**
     * Every name resolves to a device of the GPU spec whose own edits are exactly the nodes of the
     * allocated device behind it; the spec's common edits are the driver's.
     *
     * @param allocated the allocated device IDs (replica IDs included)
     * @param idOf      the name the device ID strategy gives a device ID
     */
    void assertResolve(List<String> names, List<String> allocated, List<Gpu> gpus,
            java.util.function.Function<String, String> idOf) {
        JsonNode spec = read(specDir.resolve(GPU_SPEC));
        assertThat(spec.path("cdiVersion").asText()).isEqualTo("0.5.0");
        assertThat(spec.path("kind").asText()).isEqualTo(GPU_KIND);
        assertThat(names).as("CDI names in the answer").isNotEmpty();
        for (String id : allocated) {
            assertThat(names).contains(GPU_KIND + "=" + idOf.apply(id));
        }
        for (String name : names) {
            assertThat(name).startsWith(GPU_KIND + "=");
            String device = name.substring(GPU_KIND.length() + 1);
            JsonNode edits = device(spec, device).orElseThrow(() -> new AssertionError(
                    name + " is not a device of " + specDir.resolve(GPU_SPEC))).path("containerEdits");
            String id = allocated.stream().filter(a -> idOf.apply(a).equals(device)).findFirst()
                    .orElseThrow(() -> new AssertionError(name + " names no allocated device of " + allocated));
            assertThat(edits.findValuesAsText("path")).as("nodes of " + name).containsExactlyElementsOf(nodesOf(id, gpus));
            assertThat(edits.has("mounts") || edits.has("hooks") || edits.has("env")).as("own edits beyond nodes").isFalse();
        }
        assertCommonEdits(spec.path("containerEdits"));
    }

    private static void assertCommonEdits(JsonNode common) {
        assertThat(common.path("deviceNodes").findValuesAsText("path")).containsExactlyElementsOf(CONTROL_NODES);
        List<String> mounts = new ArrayList<>();
        SimulatedDriverRoot.LIBRARIES.forEach(l -> mounts.add(SimulatedDriverRoot.LIBRARY_FOLDER + "/" + l + ".so."
                + SimulatedDriverRoot.DRIVER_VERSION));
        mounts.sort(null);
        mounts.add(SimulatedDriverRoot.FIRMWARE);
        SimulatedDriverRoot.BINARIES.forEach(b -> mounts.add("/usr/bin/" + b));
        assertThat(common.path("mounts").findValuesAsText("containerPath")).containsExactlyElementsOf(mounts);
        assertThat(common.path("hooks")).hasSize(1);
        assertThat(common.path("hooks").get(0).path("args").toString())
                .isEqualTo("[\"nvidia-ctk\",\"hook\",\"update-ldcache\",\"--folder\",\"" + SimulatedDriverRoot.LIBRARY_FOLDER
                        + "\"]");
    }

    /** The nodes of a GPU, a MIG device or a replica of either, by device ID. */
    private static List<String> nodesOf(String id, List<Gpu> gpus) {
        Found f = find(id, gpus);
        List<String> nodes = new ArrayList<>();
        nodes.add(f.gpu().devicePath());
        if (f.mig() != null) {
            nodes.addAll(f.mig().capabilityDevicePaths());
        }
        return nodes;
    }

    /** The index-strategy name of a device ID ({@code 3}, {@code 0:1}). */
    static String indexOf(String id, List<Gpu> gpus) {
        Found f = find(id, gpus);
        return f.mig() == null ? Integer.toString(f.gpu().index()) : f.gpu().index() + ":" + f.mig().slot();
    }

    /** A GPU, or a MIG device (with its GPU), by device ID. */
    private record Found(Gpu gpu, MigDevice mig) {
    }

    private static Found find(String id, List<Gpu> gpus) {
        String uuid = id.contains("::") ? id.substring(0, id.indexOf("::")) : id;
        for (Gpu gpu : gpus) {
            if (gpu.uuid().equals(uuid)) {
                return new Found(gpu, null);
            }
            for (MigDevice mig : gpu.migDevices()) {
                if (mig.uuid().equals(uuid)) {
                    return new Found(gpu, mig);
                }
            }
        }
        throw new AssertionError("no GPU or MIG device " + uuid);
    }

    private static Optional<JsonNode> device(JsonNode spec, String name) {
        for (JsonNode d : spec.path("devices")) {
            if (d.path("name").asText().equals(name)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    private static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new AssertionError("cannot read the CDI spec " + file + ": " + e.getMessage(), e);
        }
    }
}

package io.nvdp.adapters.cdi;

import io.nvdp.domain.cdi.CdiClass;
import io.nvdp.domain.cdi.CdiDevice;
import io.nvdp.domain.cdi.CdiPlan;
import io.nvdp.domain.cdi.CdiSpec;
import io.nvdp.domain.cdi.CdiSpecException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Turns the domain's specs into spec documents: each device's nodes read from the driver root as
 * the plugin sees it ({@link CdiPlan#containerDriverRoot()}), every path written as the host sees
 * it ({@link CdiPlan#hostDriverRoot()}), and the GPU spec's common edits from the driver's files.
 */
final class SpecContents {
    static final List<String> CONTROL_NODES = List.of("/dev/nvidia-modeset", "/dev/nvidia-uvm-tools",
            "/dev/nvidia-uvm", "/dev/nvidiactl");
    static final List<String> MOUNT_OPTIONS = List.of("ro", "nosuid", "nodev", "bind");
    static final String HOOK_STAGE = "createContainer";

    private final CdiPlan plan;
    private final Path root;
    private final DeviceNodeReader nodes;

    SpecContents(CdiPlan plan) {
        this.plan = plan;
        this.root = Path.of(plan.containerDriverRoot());
        if (!Files.isDirectory(root) || !Files.isReadable(root)) {
            throw new CdiSpecException("cannot read the driver root " + root + ": not a readable directory");
        }
        this.nodes = new DeviceNodeReader(root);
    }

    /** @param driverVersion the running driver's version (for the GPU spec's libraries) */
    SpecDocument document(CdiSpec spec, String driverVersion) {
        List<SpecDocument.Device> devices = new ArrayList<>();
        for (CdiDevice d : spec.devices()) {
            devices.add(new SpecDocument.Device(d.name(), new SpecDocument.Edits(List.of(), deviceNodes(d), List.of(),
                    List.of())));
        }
        SpecDocument.Edits common = spec.cdiClass() == CdiClass.GPU ? driverEdits(driverVersion) : SpecDocument.Edits.NONE;
        return new SpecDocument(spec.cdiClass().kind(), devices, common);
    }

    private SpecDocument.Edits driverEdits(String version) {
        DriverFiles files = DriverFiles.find(root, version);
        List<DeviceNode> control = new ArrayList<>();
        for (String path : CONTROL_NODES) {
            nodes.read(DriverFiles.under(root, path)).ifPresent(n -> control.add(node(path, n)));
        }
        List<SpecDocument.Hook> hooks = new ArrayList<>();
        for (String folder : files.libraryFolders()) {
            hooks.add(new SpecDocument.Hook(HOOK_STAGE, plan.nvidiaCtkPath(),
                    List.of("nvidia-ctk", "hook", "update-ldcache", "--folder", folder)));
        }
        List<SpecDocument.Mount> mounts = new ArrayList<>();
        Stream.of(files.libraries(), files.firmware(), files.binaries(), files.ipcSockets()).flatMap(List::stream)
                .forEach(p -> mounts.add(new SpecDocument.Mount(hostPath(p), p, MOUNT_OPTIONS)));
        return new SpecDocument.Edits(List.of(), control, hooks, mounts);
    }

    /** A GPU's nodes must all exist; a pattern ({@code *}) takes whatever matches. */
    private List<DeviceNode> deviceNodes(CdiDevice device) {
        List<DeviceNode> result = new ArrayList<>();
        for (String path : device.deviceNodes()) {
            if (path.contains("*")) {
                for (String match : matches(path)) {
                    nodes.read(DriverFiles.under(root, match)).ifPresent(n -> result.add(node(match, n)));
                }
                continue;
            }
            Path file = DriverFiles.under(root, path);
            DeviceNodeReader.Node n = nodes.read(file).orElseThrow(() -> new CdiSpecException(
                    "device node " + file + " of CDI device " + device.name() + " does not exist"));
            result.add(node(path, n));
        }
        return result;
    }

    /** Paths matching a pattern whose last part holds the {@code *} (e.g. {@code /dev/nvidia-fs*}). */
    private List<String> matches(String pattern) {
        int slash = pattern.lastIndexOf('/');
        String folder = pattern.substring(0, slash);
        String glob = pattern.substring(slash + 1);
        String prefix = glob.substring(0, glob.indexOf('*'));
        String suffix = glob.substring(glob.indexOf('*') + 1);
        Path dir = DriverFiles.under(root, folder);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(prefix) && n.endsWith(suffix) && n.length() >= prefix.length() + suffix.length())
                    .sorted().map(n -> folder + "/" + n).toList();
        } catch (IOException e) {
            throw new CdiSpecException("cannot list " + dir + ": " + DriverFiles.describe(e));
        }
    }

    private DeviceNode node(String path, DeviceNodeReader.Node n) {
        return new DeviceNode(path, hostPath(path), n.type(), n.major(), n.minor());
    }

    /** The host's driver root joined with {@code path}. */
    private String hostPath(String path) {
        String r = plan.hostDriverRoot();
        while (r.endsWith("/")) {
            r = r.substring(0, r.length() - 1);
        }
        return r + (path.startsWith("/") ? path : "/" + path);
    }
}

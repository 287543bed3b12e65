package io.nvdp.simulator.driverroot;

import io.nvdp.domain.model.Gpu;
import io.nvdp.domain.model.MigDevice;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A driver root generated from a node's GPUs, laid out as the NVIDIA driver installs itself, so
 * that CDI spec generation runs its whole path on a machine without a driver (see the simulator's
 * README for the layout). Device nodes cannot be made without privileges, so each is a regular file
 * whose content is {@code c <major>:<minor>}; the file {@value #MARKER} at the root says that the
 * root is simulated, and only then are such stand-ins read as device nodes.
 */
public final class SimulatedDriverRoot {
    /** The driver version of a simulated node: the one the fake NVML library reports. */
    public static final String DRIVER_VERSION = "535.104.05";
    /** Marks a simulated root. */
    public static final String MARKER = ".nvdp-simulated-driver-root";
    public static final String LIBRARY_FOLDER = "/usr/lib/x86_64-linux-gnu";
    public static final List<String> LIBRARIES = List.of("libcuda", "libnvidia-ml", "libnvidia-ptxjitcompiler",
            "libnvidia-nvvm", "libnvidia-cfg", "libnvidia-opencl", "libnvidia-allocator", "libnvidia-gpucomp");
    public static final List<String> BINARIES = List.of("nvidia-smi", "nvidia-debugdump", "nvidia-persistenced",
            "nvidia-cuda-mps-control", "nvidia-cuda-mps-server");
    public static final String FIRMWARE = "/lib/firmware/nvidia/" + DRIVER_VERSION + "/gsp_ga10x.bin";
    /** The driver's fixed majors, and the ones a typical host gives the dynamically numbered nodes. */
    static final int NVIDIA_MAJOR = 195;
    static final int UVM_MAJOR = 510;
    static final int CAPS_MAJOR = 511;

    private SimulatedDriverRoot() {
    }

    /** Writes the root for {@code gpus} (display adapters included: the driver makes their nodes too). */
    public static Path write(List<Gpu> gpus, Path root) {
        try {
            Files.createDirectories(root);
            Files.writeString(root.resolve(MARKER), "A simulated NVIDIA driver root: device nodes are regular files"
                    + " reading 'c <major>:<minor>'.\n");
            for (Gpu gpu : gpus) {
                node(root, gpu.devicePath(), NVIDIA_MAJOR, gpu.minorNumber());
                for (MigDevice mig : gpu.migDevices()) {
                    for (String cap : mig.capabilityDevicePaths()) {
                        node(root, cap, CAPS_MAJOR, Integer.parseInt(cap.substring(cap.lastIndexOf("cap") + 3)));
                    }
                }
            }
            node(root, "/dev/nvidiactl", NVIDIA_MAJOR, 255);
            node(root, "/dev/nvidia-modeset", NVIDIA_MAJOR, 254);
            node(root, "/dev/nvidia-uvm", UVM_MAJOR, 0);
            node(root, "/dev/nvidia-uvm-tools", UVM_MAJOR, 1);
            Map<String, String> cache = new LinkedHashMap<>();
            for (String lib : LIBRARIES) {
                String file = lib + ".so." + DRIVER_VERSION;
                write(root, LIBRARY_FOLDER + "/" + file, "simulated " + file + "\n");
                Path soname = under(root, LIBRARY_FOLDER + "/" + lib + ".so.1");
                Files.deleteIfExists(soname);
                Files.createSymbolicLink(soname, Path.of(file));
                cache.put(lib + ".so.1", LIBRARY_FOLDER + "/" + lib + ".so.1");
            }
            Path ldCache = under(root, "/etc/ld.so.cache");
            Files.createDirectories(ldCache.getParent());
            Files.write(ldCache, LdCacheFile.of(cache));
            write(root, FIRMWARE, "simulated GSP firmware\n");
            for (String binary : BINARIES) {
                Path bin = write(root, "/usr/bin/" + binary, "#!/bin/sh\necho 'simulated " + binary + "'\n");
                Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the simulated driver root " + root + ": " + e.getMessage(), e);
        }
    }

    private static void node(Path root, String path, int major, int minor) throws IOException {
        write(root, path, "c " + major + ":" + minor + "\n");
    }

    private static Path write(Path root, String path, String content) throws IOException {
        Path file = under(root, path);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    private static Path under(Path root, String path) {
        return root.resolve(path.substring(1));
    }
}

package io.nvdp.adapters.cdi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A driver root for tests in the simulated layout: device node stand-ins, driver 535.104.05's
 * libraries with an ld cache made by {@code ldconfig} for them, firmware and tools.
 */
final class TestDriverRoot {
    static final String VERSION = "535.104.05";
    static final String LIBS = "/usr/lib/x86_64-linux-gnu";
    static final List<String> LIBRARIES = List.of("libcuda", "libnvidia-ml", "libnvidia-ptxjitcompiler");

    private TestDriverRoot() {
    }

    static Path create(Path root, int gpus) {
        try {
            Files.createDirectories(root);
            Files.writeString(root.resolve(DeviceNodeReader.SIMULATED_MARKER), "");
            for (int i = 0; i < gpus; i++) {
                node(root, "/dev/nvidia" + i, 195, i);
            }
            node(root, "/dev/nvidiactl", 195, 255);
            node(root, "/dev/nvidia-uvm", 510, 0);
            node(root, "/dev/nvidia-uvm-tools", 510, 1);
            for (int cap = 1; cap <= 4; cap++) {
                node(root, "/dev/nvidia-caps/nvidia-cap" + cap, 237, cap);
            }
            for (String lib : LIBRARIES) {
                file(root, LIBS + "/" + lib + ".so." + VERSION);
            }
            file(root, LIBS + "/libnvidia-ml.so.1");
            file(root, "/lib/firmware/nvidia/" + VERSION + "/gsp_ga10x.bin");
            file(root, "/usr/bin/nvidia-smi");
            file(root, "/usr/bin/nvidia-persistenced");
            file(root, "/run/nvidia-persistenced/socket");
            try (InputStream cache = TestDriverRoot.class.getResourceAsStream("ldconfig-made-ld.so.cache")) {
                Files.createDirectories(root.resolve("etc"));
                Files.write(root.resolve("etc/ld.so.cache"), cache.readAllBytes());
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void node(Path root, String path, int major, int minor) throws IOException {
        Path p = DriverFiles.under(root, path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, "c " + major + ":" + minor + "\n");
    }

    static void file(Path root, String path) throws IOException {
        Path p = DriverFiles.under(root, path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, "");
    }
}

package io.nvdp.adapters.cdi;

import io.nvdp.domain.cdi.CdiSpecException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The driver's files that every GPU container needs, found under the driver root as the plugin
 * sees it. Paths are given as the root sees them ({@code /usr/lib/x86_64-linux-gnu/libcuda.so.535.104.05}).
 *
 * @param libraryFolders  the folders of the libraries, for the ld cache hook
 * @param libraries       every {@code *.so.<version>} beside {@code libcuda.so.<version>}
 * @param firmware        the GSP firmware of that version
 * @param binaries        the driver's tools that exist
 * @param ipcSockets      the driver daemons' sockets (and the MPS folder) that exist
 */
record DriverFiles(List<String> libraryFolders, List<String> libraries, List<String> firmware, List<String> binaries,
        List<String> ipcSockets) {
    static final String LD_CACHE = "/etc/ld.so.cache";
    static final List<String> BINARIES = List.of("nvidia-smi", "nvidia-debugdump", "nvidia-persistenced",
            "nvidia-cuda-mps-control", "nvidia-cuda-mps-server");
    static final List<String> BINARY_FOLDERS = List.of("/usr/bin", "/usr/sbin", "/bin", "/sbin", "/usr/local/bin");
    static final List<String> IPC_SOCKETS = List.of("/run/nvidia-persistenced/socket",
            "/run/nvidia-fabricmanager/socket", "/tmp/nvidia-mps");

    /**
     * Finds the files of driver {@code version} under {@code root}.
     *
     * @param root a readable directory
     * @throws CdiSpecException naming the path when the ld cache cannot be read, or the cache leads
     *     to no {@code libcuda.so.<version>}
     */
    static DriverFiles find(Path root, String version) {
        Path cacheFile = under(root, LD_CACHE);
        List<LdCache.Entry> entries;
        try {
            entries = LdCache.parse(Files.readAllBytes(cacheFile));
        } catch (IOException e) {
            throw new CdiSpecException("cannot read the ld cache " + cacheFile + ": " + describe(e));
        } catch (IllegalArgumentException e) {
            throw new CdiSpecException("cannot read the ld cache " + cacheFile + ": " + e.getMessage());
        }
        String libcuda = "libcuda.so." + version;
        String folder = null;
        for (LdCache.Entry entry : entries) {
            if (!entry.soname().startsWith("libcuda.so")) {
                continue;
            }
            String candidate = parent(entry.path());
            if (Files.exists(under(root, candidate + "/" + libcuda))) {
                folder = candidate;
                break;
            }
        }
        if (folder == null) {
            throw new CdiSpecException("no " + libcuda + " in the folders that the ld cache " + cacheFile
                    + " lists for libcuda.so");
        }
        List<String> libraries = list(under(root, folder), name -> name.endsWith(".so." + version), folder);
        String firmwareFolder = "/lib/firmware/nvidia/" + version;
        List<String> firmware = Files.isDirectory(under(root, firmwareFolder))
                ? list(under(root, firmwareFolder), name -> name.startsWith("gsp") && name.endsWith(".bin"), firmwareFolder)
                : List.of();
        Set<String> binaries = new LinkedHashSet<>();
        for (String binary : BINARIES) {
            BINARY_FOLDERS.stream().map(f -> f + "/" + binary).filter(p -> Files.isRegularFile(under(root, p)))
                    .findFirst().ifPresent(binaries::add);
        }
        List<String> sockets = IPC_SOCKETS.stream().filter(p -> Files.exists(under(root, p))).toList();
        return new DriverFiles(List.of(folder), libraries, firmware, List.copyOf(binaries), sockets);
    }

    /** {@code path} (absolute, as the root sees it) under {@code root}. */
    static Path under(Path root, String path) {
        return root.resolve(path.startsWith("/") ? path.substring(1) : path);
    }

    private static List<String> list(Path dir, java.util.function.Predicate<String> wanted, String shownAs) {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString()).filter(wanted).sorted().forEach(n -> found.add(shownAs + "/" + n));
        } catch (IOException e) {
            throw new CdiSpecException("cannot list " + dir + ": " + describe(e));
        }
        return found;
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    static String describe(IOException e) {
        String kind = e.getClass().getSimpleName().replace("Exception", "");
        return switch (kind) {
            case "NoSuchFile" -> "no such file";
            case "AccessDenied" -> "permission denied";
            case "NotDirectory" -> "not a directory";
            case "FileSystem", "" -> e.getMessage();
            default -> kind + (e.getMessage() == null ? "" : ": " + e.getMessage());
        };
    }
}

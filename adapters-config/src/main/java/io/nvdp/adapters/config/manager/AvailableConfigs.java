package io.nvdp.adapters.config.manager;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedSet;
import java.util.TreeSet;

/** Lists the config names a source directory offers. */
public final class AvailableConfigs {

    private AvailableConfigs() {
    }

    /**
     * The entries of {@code srcdir} that are not directories and whose names do not start with {@code ..}
     * (a mounted ConfigMap keeps its internals in {@code ..data} and {@code ..<timestamp>}; its keys are
     * symlinks into them, so symlinks to files count as configs).
     *
     * @throws ConfigManagerException when the directory cannot be read
     */
    public static SortedSet<String> in(Path srcdir) {
        SortedSet<String> names = new TreeSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(srcdir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                // Following links here (unlike upstream's lstat) also skips a symlink to a directory.
                if (!name.startsWith("..") && !Files.isDirectory(entry)) {
                    names.add(name);
                }
            }
        } catch (IOException e) {
            throw new ConfigManagerException("error getting list of configuration files: error reading directory: "
                    + describe(e), e);
        }
        return names;
    }

    static String describe(IOException e) {
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}

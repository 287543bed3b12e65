package io.nvdp.acceptance.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Short temp directories under /tmp (unix socket paths are limited to 107 bytes), removed best effort. */
final class TempDirs {
    private TempDirs() {
    }

    static Path create(String prefix) throws IOException {
        return Files.createTempDirectory(Path.of("/tmp"), prefix);
    }

    /** Deletes {@code dir} and everything under it; what cannot be deleted (e.g. files a container's root wrote) stays. */
    static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: a leftover temp file must not fail the test
                }
            });
        } catch (IOException | UncheckedIOException ignored) {
            // same
        }
    }
}

package io.nvdp.adapters.config.manager;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Sends a Unix signal to a process; Java has no API for signals other than SIGTERM/SIGKILL. */
public interface ProcessSignaller {

    /** @throws ConfigManagerException when the signal cannot be delivered */
    void signal(long pid, int signal);

    /**
     * The {@code kill} program when the image has one (no native code needed), else libc {@code kill(2)}
     * through JNA (distroless images have no {@code kill}).
     */
    static ProcessSignaller system(Map<String, String> env) {
        return findOnPath("kill", env.getOrDefault("PATH", "/usr/bin:/bin"))
                .<ProcessSignaller>map(KillCommandSignaller::new)
                .orElseGet(LibcSignaller::new);
    }

    private static Optional<Path> findOnPath(String program, String path) {
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}

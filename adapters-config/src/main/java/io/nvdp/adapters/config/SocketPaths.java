package io.nvdp.adapters.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Checks a flag that names a unix socket before anything is bound, so that a path no socket can
 * have is one line naming the flag and the value: at most 107 bytes (the kernel's {@code sun_path}
 * less its terminating zero), and no regular file where a directory must be.
 */
final class SocketPaths {
    /** The longest path a unix socket may have. */
    static final int MAX_BYTES = 107;
    /** The socket the default resource serves on, next to kubelet's: the shortest the plugin makes. */
    private static final String PLUGIN_SOCKET = "nvidia-gpu.sock";

    private SocketPaths() {
    }

    /**
     * {@code --kubelet-socket}: the plugin's own sockets are made in the same directory, which is
     * created when missing.
     */
    static Path kubeletSocket(Flag flag, String value) {
        Path path = parse(flag, value);
        if (value.isEmpty()) {
            return path;
        }
        checkLength(flag, value, path, "the path");
        Path dir = path.toAbsolutePath().getParent();
        if (dir != null) {
            checkLength(flag, value, dir.resolve(PLUGIN_SOCKET), "the plugin's socket " + PLUGIN_SOCKET + " next to it");
            checkAncestorsAreDirectories(flag, value, dir);
        }
        return path;
    }

    /** A socket the daemon serves on itself, in a directory that must exist. */
    static Optional<Path> servedSocket(Flag flag, String value) {
        if (value.isEmpty()) {
            return Optional.empty();
        }
        Path path = parse(flag, value);
        checkLength(flag, value, path, "the path");
        Path dir = path.toAbsolutePath().getParent();
        if (dir != null) {
            checkAncestorsAreDirectories(flag, value, dir);
            if (!Files.isDirectory(dir)) {
                throw fail(flag, value, "directory " + dir + " does not exist");
            }
        }
        return Optional.of(path);
    }

    private static Path parse(Flag flag, String value) {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw fail(flag, value, "not a valid path (" + e.getReason() + ")");
        }
    }

    private static void checkLength(Flag flag, String value, Path socket, String what) {
        int bytes = socket.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            throw fail(flag, value, what + " would be " + bytes + " bytes long; a unix socket path has at most "
                    + MAX_BYTES);
        }
    }

    private static void checkAncestorsAreDirectories(Flag flag, String value, Path dir) {
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                if (!Files.isDirectory(p)) {
                    throw fail(flag, value, p + " is not a directory");
                }
                return;
            }
        }
    }

    private static ConfigException fail(Flag flag, String value, String problem) {
        return new ConfigException("--" + flag.flagName() + "=" + value + ": " + problem);
    }
}

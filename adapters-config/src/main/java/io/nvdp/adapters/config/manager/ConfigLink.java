package io.nvdp.adapters.config.manager;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The destination config file: a symlink to {@code <srcdir>/<name>}, or to {@code /dev/null} for the empty
 * config. Unlike upstream (remove, then create), the link is replaced by renaming a fresh symlink over it, so a
 * reader never finds the file missing and a watcher sees a single change.
 */
public final class ConfigLink {

    /** What {@link #pointTo} did. */
    public enum Outcome {
        /** The link now points at the new target. */
        UPDATED,
        /** The destination already resolved to the target's real path; nothing changed. */
        ALREADY_CONFIGURED
    }

    static final Path DEV_NULL = Path.of("/dev/null");

    private final Path srcdir;
    private final Path dst;
    private final Path devNull;

    public ConfigLink(Path srcdir, Path dst) {
        this(srcdir, dst, DEV_NULL);
    }

    /** @param devNull what the empty config links to (tests may use a file of their own) */
    ConfigLink(Path srcdir, Path dst, Path devNull) {
        // Absolute so the link does not depend on the directory it lives in (upstream joins srcdir as given).
        this.srcdir = Objects.requireNonNull(srcdir, "srcdir").toAbsolutePath().normalize();
        this.dst = Objects.requireNonNull(dst, "dst").toAbsolutePath().normalize();
        this.devNull = Objects.requireNonNull(devNull, "devNull");
    }

    public Path destination() {
        return dst;
    }

    /** The path the destination should link to for a selection. */
    public Path targetOf(ConfigSelection selection) {
        return switch (selection) {
            case ConfigSelection.Named n -> srcdir.resolve(n.name());
            case ConfigSelection.Empty e -> devNull;
        };
    }

    /**
     * Makes the destination a symlink to the selection's target unless it already resolves to the same file.
     *
     * @throws ConfigManagerException when the target cannot be resolved or the link cannot be replaced
     */
    public Outcome pointTo(ConfigSelection selection) {
        Path target = targetOf(selection);
        if (Files.isDirectory(dst)) {
            throw new ConfigManagerException("error creating symlink: config file destination '" + dst
                    + "' is a directory");
        }
        if (Files.exists(dst)) {
            Path targetReal = realPath(target);
            Path dstReal = realPath(dst);
            if (targetReal.equals(dstReal)) {
                return Outcome.ALREADY_CONFIGURED;
            }
        }
        replaceLink(target);
        return Outcome.UPDATED;
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            throw new ConfigManagerException("error evaluating realpath of '" + path + "': "
                    + AvailableConfigs.describe(e), e);
        }
    }

    private void replaceLink(Path target) {
        Path parent = dst.getParent();
        Path tmp = parent.resolve("." + dst.getFileName() + ".tmp-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try {
            Files.createSymbolicLink(tmp, target);
            // rename(2) replaces the old link (never following it) in one step.
            Files.move(tmp, dst, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            deleteQuietly(tmp);
            throw new ConfigManagerException("error creating symlink: cannot atomically replace '" + dst + "': "
                    + e.getMessage(), e);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new ConfigManagerException("error creating symlink: " + AvailableConfigs.describe(e), e);
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // best effort: a stray temp link is harmless and replaced on the next update
        }
    }

    /** Where the destination link points now, if it is a symlink. */
    public java.util.Optional<Path> currentTarget() {
        if (!Files.isSymbolicLink(dst)) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(Files.readSymbolicLink(dst));
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }
}

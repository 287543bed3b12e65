package io.nvdp.bootstrap;

import io.nvdp.domain.labels.NodeLabels;
import io.nvdp.domain.port.LabelPublisher;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Optional;

/**
 * node-feature-discovery's local feature file: {@code key=value} lines, replaced atomically (written
 * to {@code gfd-tmp/} beside it, then renamed over it, mode 0644) so NFD never reads half a file.
 * Without a file the labels go to standard output.
 */
public final class FeatureFilePublisher implements LabelPublisher {
    static final String TMP_DIR = "gfd-tmp";

    private final Optional<Path> file;
    private final PrintStream stdout;

    public FeatureFilePublisher(Optional<Path> file, PrintStream stdout) {
        this.file = Objects.requireNonNull(file, "file").map(Path::toAbsolutePath);
        this.stdout = Objects.requireNonNull(stdout, "stdout");
    }

    @Override
    public void publish(NodeLabels labels) {
        if (file.isEmpty()) {
            stdout.print(labels.featureFile());
            stdout.flush();
            return;
        }
        Path target = file.get();
        Path dir = target.getParent();
        if (!Files.isDirectory(dir)) {
            throw new LabelPublishingException("error writing file '" + target + "': the directory " + dir
                    + " does not exist");
        }
        Path tmp = null;
        try {
            Path tmpDir = Files.createDirectories(dir.resolve(TMP_DIR));
            tmp = Files.createTempFile(tmpDir, "gfd-", "");
            Files.writeString(tmp, labels.featureFile(), StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new LabelPublishingException("error writing file '" + target + "': " + IoReasons.of(e), e);
        }
    }

    /** Removes the file and the temporary folder, as gpu-feature-discovery does when it stops. */
    @Override
    public void withdraw() {
        file.ifPresent(target -> {
            deleteQuietly(target);
            deleteQuietly(target.getParent().resolve(TMP_DIR));
        });
    }

    private static void deleteQuietly(Path path) {
        if (path == null) {
            return;
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // Best effort: a leftover temporary file is harmless and is replaced by the next write.
        }
    }
}

package io.nvdp.adapters.nvml;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The fake libnvidia-ml.so.1 the build compiles (path in system property
 * {@code nvdp.fakeNvml.library}), pointed at a node file and a control file in a test folder.
 * The fake reads its environment through getenv, so the test sets it with libc's setenv.
 */
final class FakeNvml {
    interface LibC extends Library {
        int setenv(String name, String value, int overwrite);
    }

    private static final LibC LIBC = Native.load("c", LibC.class);

    private final Path dir;
    private final Path control;

    private FakeNvml(Path dir) {
        this.dir = dir;
        this.control = dir.resolve("control");
    }

    /** Writes the node file and points the fake at it (read at the next first nvmlInit). */
    static FakeNvml withNode(Path dir, String node) {
        FakeNvml fake = new FakeNvml(dir);
        try {
            Path nodeFile = dir.resolve("node.txt");
            Files.writeString(nodeFile, node);
            Files.writeString(fake.control, "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LIBC.setenv("FAKE_NVML_NODE", dir.resolve("node.txt").toString(), 1);
        LIBC.setenv("FAKE_NVML_CONTROL", fake.control.toString(), 1);
        return fake;
    }

    static Path libraryPath() {
        String path = System.getProperty("nvdp.fakeNvml.library");
        if (path == null) {
            throw new IllegalStateException("system property nvdp.fakeNvml.library is not set (run through Maven)");
        }
        return Path.of(path);
    }

    NvmlLibrary library() {
        return NvmlLibrary.at(libraryPath());
    }

    Path dir() {
        return dir;
    }

    /** Appends a control command (see README). */
    void command(String line) {
        try {
            Files.writeString(control, line + "\n", StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a file under the test folder, creating its parents. */
    Path write(String relative, String content) {
        try {
            Path file = dir.resolve(relative);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

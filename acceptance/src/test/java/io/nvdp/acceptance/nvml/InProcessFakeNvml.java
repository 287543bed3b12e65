package io.nvdp.acceptance.nvml;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Library;
import com.sun.jna.Native;
import io.nvdp.simulator.fakenvml.FakeNvmlNode;
import io.nvdp.simulator.profile.NodeProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The fake libnvidia-ml.so.1 used inside the test process. The fake reads its node file through
 * getenv at each first nvmlInit, so the node is pointed at with libc's setenv.
 */
final class InProcessFakeNvml {
    interface LibC extends Library {
        int setenv(String name, String value, int overwrite);
    }

    private static final LibC LIBC = Native.load("c", LibC.class);

    private InProcessFakeNvml() {
    }

    /** Where adapters-nvml builds the fake (surefire runs in the module directory). */
    static Path library() {
        Path fake = Path.of("../adapters-nvml/target/fake-nvml/libnvidia-ml.so.1").toAbsolutePath().normalize();
        if (!Files.isRegularFile(fake)) {
            throw new IllegalStateException("the fake libnvidia-ml.so.1 is missing: " + fake + " (build adapters-nvml first)");
        }
        return fake;
    }

    /** Writes the profile's node under {@code dir} and points the fake at it, from the next nvmlInit on. */
    static FakeNvmlNode.FakeNvmlFiles show(NodeProfile profile, Path dir) throws IOException {
        FakeNvmlNode.FakeNvmlFiles files = FakeNvmlNode.write(profile, dir.resolve("fake-nvml"));
        Path control = Files.writeString(dir.resolve("control"), "");
        setenv("FAKE_NVML_NODE", files.nodeFile().toString());
        setenv("FAKE_NVML_CONTROL", control.toString());
        return files;
    }

    private static void setenv(String name, String value) {
        assertThat(LIBC.setenv(name, value, 1)).as("setenv " + name).isZero();
    }
}

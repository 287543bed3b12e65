package io.nvdp.adapters.nvml.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.nvdp.adapters.nvml.NvmlLibrary;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Platform detection against a fixture host root and the fake libnvidia-ml.so.1. */
class PlatformDetectorTest {
    private static final NvmlLibrary FAKE_NVML = NvmlLibrary.at(Path.of(System.getProperty("nvdp.fakeNvml.library")));
    private static final NvmlLibrary NO_NVML = NvmlLibrary.at(Path.of("/nonexistent/libnvidia-ml.so.1"));

    @TempDir
    Path root;

    @Test
    void aTegraReleaseFileMakesATegraSystem() throws IOException {
        write(PlatformDetector.TEGRA_RELEASE, "# R35 (release), REVISION: 4.1\n");

        assertThat(detector(NO_NVML).tegra())
                .isEqualTo(new Detection(true, root.resolve("etc/nv_tegra_release") + " found"));
    }

    @Test
    void withoutEitherFileTheFamilyFileIsReportedMissing() {
        assertThat(detector(NO_NVML).tegra())
                .isEqualTo(new Detection(false, root.resolve("sys/devices/soc0/family") + " file not found"));
    }

    @Test
    void directoriesInPlaceOfTheFilesDoNotCount() throws IOException {
        Files.createDirectories(root.resolve(PlatformDetector.TEGRA_RELEASE));
        Files.createDirectories(root.resolve(PlatformDetector.SOC_FAMILY));

        assertThat(detector(NO_NVML).tegra())
                .isEqualTo(new Detection(false, root.resolve("sys/devices/soc0/family") + " file not found"));
    }

    @Test
    void aFamilyStartingWithTegraInAnyCaseMakesATegraSystem() throws IOException {
        write(PlatformDetector.SOC_FAMILY, "Tegra234\n");

        assertThat(detector(NO_NVML).tegra())
                .isEqualTo(new Detection(true, root.resolve("sys/devices/soc0/family") + " has 'tegra' prefix"));
    }

    @Test
    void anotherFamilyIsNotTegra() throws IOException {
        write(PlatformDetector.SOC_FAMILY, "jep106:0426\n");

        assertThat(detector(NO_NVML).tegra())
                .isEqualTo(new Detection(false, root.resolve("sys/devices/soc0/family") + " has no 'tegra' prefix"));
    }

    @Test
    void anUnreadableFamilyFileIsNotTegra() throws IOException {
        // A socket exists and is no directory, but cannot be opened for reading (even by root).
        Path family = root.resolve(PlatformDetector.SOC_FAMILY);
        Files.createDirectories(family.getParent());
        try (ServerSocketChannel socket = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            socket.bind(UnixDomainSocketAddress.of(family));

            assertThat(detector(NO_NVML).tegra()).isEqualTo(new Detection(false, "could not read " + family));
        }
    }

    @Test
    void nvmlIsPresentWhenItsLibraryLoads() {
        assertThat(detector(FAKE_NVML).nvml()).isEqualTo(new Detection(true, "found NVML library"));
    }

    @Test
    void nvmlIsAbsentWhenItsLibraryDoesNotLoadWithTheLinkersReason() {
        Detection nvml = detector(NO_NVML).nvml();

        assertThat(nvml.found()).isFalse();
        assertThat(nvml.reason()).startsWith("could not load NVML: ").contains("/nonexistent/libnvidia-ml.so.1");
    }

    @Test
    void nvmlAloneIsServedThroughNvml() {
        assertThat(detector(FAKE_NVML).detect()).isEqualTo(Platform.NVML);
    }

    @Test
    void nvmlWinsOverTegra() throws IOException {
        write(PlatformDetector.TEGRA_RELEASE, "");

        assertThat(detector(FAKE_NVML).detect()).isEqualTo(Platform.NVML);
    }

    @Test
    void tegraWithoutNvmlIsServedAsTegra() throws IOException {
        write(PlatformDetector.SOC_FAMILY, "tegra194");

        assertThat(detector(NO_NVML).detect()).isEqualTo(Platform.TEGRA);
    }

    @Test
    void neitherIsNoPlatform() {
        assertThat(detector(NO_NVML).detect()).isEqualTo(Platform.NONE);
    }

    private PlatformDetector detector(NvmlLibrary nvml) {
        return new PlatformDetector(root, nvml);
    }

    private void write(String relative, String content) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}

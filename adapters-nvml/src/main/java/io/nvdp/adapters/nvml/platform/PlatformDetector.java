package io.nvdp.adapters.nvml.platform;

import io.nvdp.adapters.nvml.NvmlLibrary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream's platform detection for {@code --device-discovery-strategy=auto}: NVML is present when
 * {@code libnvidia-ml.so.1} loads; the system is Tegra when {@code /etc/nv_tegra_release} is a file or
 * {@code /sys/devices/soc0/family} starts with {@code tegra} (any case). Both files are looked up under
 * a host root, so tests can point it at a fixture.
 */
public final class PlatformDetector {
    static final String TEGRA_RELEASE = "etc/nv_tegra_release";
    static final String SOC_FAMILY = "sys/devices/soc0/family";

    private static final Logger LOG = LoggerFactory.getLogger(PlatformDetector.class);

    private final Path hostRoot;
    private final NvmlLibrary nvml;

    public PlatformDetector(Path hostRoot, NvmlLibrary nvml) {
        this.hostRoot = Objects.requireNonNull(hostRoot, "hostRoot");
        this.nvml = Objects.requireNonNull(nvml, "nvml");
    }

    /** Whether the NVML library loads. */
    public Detection nvml() {
        Optional<String> failure = nvml.loadFailure();
        return failure.map(f -> new Detection(false, "could not load NVML: " + f))
                .orElseGet(() -> new Detection(true, "found NVML library"));
    }

    /** Whether the host is a Tegra system. */
    public Detection tegra() {
        Path release = hostRoot.resolve(TEGRA_RELEASE);
        if (Files.isRegularFile(release)) {
            return new Detection(true, release + " found");
        }
        Path family = hostRoot.resolve(SOC_FAMILY);
        if (!Files.exists(family) || Files.isDirectory(family)) {
            return new Detection(false, family + " file not found");
        }
        String contents;
        try {
            // sysfs text is ASCII; ISO-8859-1 decodes any byte, so odd content is compared, not rejected.
            contents = new String(Files.readAllBytes(family), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return new Detection(false, "could not read " + family);
        }
        if (contents.toLowerCase(Locale.ROOT).startsWith("tegra")) {
            return new Detection(true, family + " has 'tegra' prefix");
        }
        return new Detection(false, family + " has no 'tegra' prefix");
    }

    /**
     * Runs both checks, logs each as upstream does, and decides: NVML wins over Tegra (with a
     * warning, integrated and discrete GPUs are not served together), neither logs upstream's hints.
     */
    public Platform detect() {
        boolean hasNvml = logged(nvml(), "NVML");
        boolean isTegra = logged(tegra(), "Tegra");
        if (hasNvml && isTegra) {
            LOG.warn("Disabling Tegra-based resources on NVML system");
            return Platform.NVML;
        }
        if (hasNvml) {
            return Platform.NVML;
        }
        if (isTegra) {
            return Platform.TEGRA;
        }
        LOG.error("Incompatible platform detected");
        LOG.error("If this is a GPU node, did you configure the NVIDIA Container Toolkit?");
        LOG.error("You can check the prerequisites at: https://github.com/NVIDIA/k8s-device-plugin#prerequisites");
        LOG.error("You can learn how to set the runtime at: https://github.com/NVIDIA/k8s-device-plugin#quick-start");
        LOG.error("If this is not a GPU node, you should set up a toleration or nodeSelector to only deploy this"
                + " plugin on GPU nodes");
        return Platform.NONE;
    }

    private static boolean logged(Detection detection, String platform) {
        LOG.info("Detected {}{} platform: {}", detection.found() ? "" : "non-", platform, detection.reason());
        return detection.found();
    }
}

package io.nvdp.adapters.config;

import io.nvdp.domain.config.MigStrategy;
import io.nvdp.domain.config.TimeSlicing;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code gpu-feature-discovery} runs with, from flags, env vars and the config file's
 * {@code flags} (shared keys and {@code flags.gfd}) and {@code sharing}.
 *
 * @param outputFile   the feature file; empty: standard output
 * @param labelOutput  where the labels go
 * @param nodeName     this node's name (for {@link LabelOutput#NODE}); empty when not given
 * @param kubeconfig   the kubeconfig file; empty: in-cluster
 * @param nvmlLibrary  the NVML library to load; empty: the standard search
 * @param warnings     lines to log about the config (fields GFD ignores)
 */
public record GfdOptions(
        MigStrategy migStrategy,
        boolean failOnInitError,
        boolean oneshot,
        boolean noTimestamp,
        Duration sleepInterval,
        Optional<Path> outputFile,
        Path machineTypeFile,
        LabelOutput labelOutput,
        String nodeName,
        String kubeconfig,
        DeviceDiscoveryStrategy discoveryStrategy,
        String simulatedNode,
        Optional<Path> nvmlLibrary,
        TimeSlicing timeSlicing,
        List<String> warnings) {

    public GfdOptions {
        Objects.requireNonNull(migStrategy, "migStrategy");
        Objects.requireNonNull(sleepInterval, "sleepInterval");
        Objects.requireNonNull(outputFile, "outputFile");
        Objects.requireNonNull(machineTypeFile, "machineTypeFile");
        Objects.requireNonNull(labelOutput, "labelOutput");
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(kubeconfig, "kubeconfig");
        Objects.requireNonNull(discoveryStrategy, "discoveryStrategy");
        Objects.requireNonNull(simulatedNode, "simulatedNode");
        Objects.requireNonNull(nvmlLibrary, "nvmlLibrary");
        Objects.requireNonNull(timeSlicing, "timeSlicing");
        warnings = List.copyOf(warnings);
    }

    /** Where the labels go: node-feature-discovery's feature file, or the Node object itself. */
    public enum LabelOutput {
        FEATURE_FILE("feature-file"),
        NODE("node");

        private final String value;

        LabelOutput(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }

        static LabelOutput parse(String raw) {
            for (LabelOutput o : values()) {
                if (o.value.equals(raw)) {
                    return o;
                }
            }
            throw new ConfigException("invalid --label-output option: " + raw + " (want feature-file or node)");
        }
    }
}

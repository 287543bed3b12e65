package io.nvdp.adapters.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The daemon's own options (flags and env vars only, outside the domain's {@code PluginConfig}).
 *
 * @param kubeletSocket where to register; an empty path means "do not register" (HEAD's rule)
 * @param simulatedNode the node profile name for {@link DeviceDiscoveryStrategy#SIMULATED}
 * @param nvmlLibrary the NVML library to load; empty: the standard search
 * @param healthRecoveryInterval how often unhealthy devices are re-checked; zero disables
 * @param metricsAddress {@code host:port} for metrics; empty: no endpoint
 * @param faultControlSocket the simulator's run-time fault channel; empty: none
 * @param configFile the config file in use; empty when there is none
 * @param cdiSpecDir where the CDI specs are written (when a CDI strategy is chosen)
 */
public record DaemonOptions(
        Path kubeletSocket,
        DeviceDiscoveryStrategy deviceDiscoveryStrategy,
        String simulatedNode,
        Optional<Path> nvmlLibrary,
        Duration healthRecoveryInterval,
        Optional<String> metricsAddress,
        Optional<Path> faultControlSocket,
        Optional<Path> configFile,
        Path cdiSpecDir) {

    public DaemonOptions {
        Objects.requireNonNull(kubeletSocket, "kubeletSocket");
        Objects.requireNonNull(deviceDiscoveryStrategy, "deviceDiscoveryStrategy");
        Objects.requireNonNull(simulatedNode, "simulatedNode");
        Objects.requireNonNull(nvmlLibrary, "nvmlLibrary");
        Objects.requireNonNull(healthRecoveryInterval, "healthRecoveryInterval");
        Objects.requireNonNull(metricsAddress, "metricsAddress");
        Objects.requireNonNull(faultControlSocket, "faultControlSocket");
        Objects.requireNonNull(configFile, "configFile");
        Objects.requireNonNull(cdiSpecDir, "cdiSpecDir");
    }

    /** False when {@code --kubelet-socket} was set to the empty string. */
    public boolean registersWithKubelet() {
        return !kubeletSocket.toString().isEmpty();
    }

    public boolean healthRecoveryEnabled() {
        return !healthRecoveryInterval.isZero();
    }
}

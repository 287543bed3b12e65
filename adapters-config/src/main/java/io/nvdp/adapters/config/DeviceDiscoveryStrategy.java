package io.nvdp.adapters.config;

/** How the daemon finds the node's devices (upstream HEAD's flag, plus the simulator). */
public enum DeviceDiscoveryStrategy {
    /**
     * Upstream's platform detection: NVML if libnvidia-ml.so.1 loads, else Tegra if the host is a
     * Tegra system, else nothing to serve.
     */
    AUTO("auto"),
    NVML("nvml"),
    /** The integrated GPU of a Tegra system, without looking for NVML or Tegra files. */
    TEGRA("tegra"),
    /** A simulated node profile instead of real hardware. */
    SIMULATED("simulated");

    private final String configValue;

    DeviceDiscoveryStrategy(String configValue) {
        this.configValue = configValue;
    }

    public String configValue() {
        return configValue;
    }

    /** @throws ConfigException with HEAD's {@code invalid --device-discovery-strategy option <v>} */
    public static DeviceDiscoveryStrategy parse(String value) {
        for (DeviceDiscoveryStrategy s : values()) {
            if (s.configValue.equals(value)) {
                return s;
            }
        }
        throw new ConfigException("invalid --device-discovery-strategy option " + value);
    }
}

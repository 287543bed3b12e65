package io.nvdp.adapters.config;

/** How the daemon finds the node's devices (upstream HEAD's flag, plus the simulator). */
public enum DeviceDiscoveryStrategy {
    /** NVML if its library loads, else Tegra, as upstream's platform detection decides. */
    AUTO("auto"),
    NVML("nvml"),
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

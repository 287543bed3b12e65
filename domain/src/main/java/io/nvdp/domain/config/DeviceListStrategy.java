package io.nvdp.domain.config;

import io.nvdp.domain.DomainException;

/** How the device list reaches the container runtime (spec 4.3). */
public enum DeviceListStrategy {
    ENVVAR("envvar"),
    VOLUME_MOUNTS("volume-mounts"),
    CDI_ANNOTATIONS("cdi-annotations"),
    CDI_CRI("cdi-cri");

    private final String configValue;

    DeviceListStrategy(String configValue) {
        this.configValue = configValue;
    }

    public String configValue() {
        return configValue;
    }

    public boolean isCdi() {
        return configValue.startsWith("cdi-");
    }

    /**
     * @throws DomainException with upstream's
     *     {@code invalid --device-list-strategy option: invalid strategy: <s>}
     */
    public static DeviceListStrategy parse(String value) {
        for (DeviceListStrategy s : values()) {
            if (s.configValue.equals(value)) {
                return s;
            }
        }
        throw new DomainException("invalid --device-list-strategy option: invalid strategy: " + value);
    }
}

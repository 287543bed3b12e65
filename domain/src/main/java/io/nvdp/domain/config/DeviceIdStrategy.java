package io.nvdp.domain.config;

import io.nvdp.domain.DomainException;
import io.nvdp.domain.model.AdvertisedDevice;

/** Which IDs the container runtime receives: GPU/MIG UUIDs or NVML indices (spec 4.2). */
public enum DeviceIdStrategy {
    UUID("uuid"),
    INDEX("index");

    private final String configValue;

    DeviceIdStrategy(String configValue) {
        this.configValue = configValue;
    }

    public String configValue() {
        return configValue;
    }

    /**
     * The ID a container runtime gets for {@code device}: in {@code NVIDIA_VISIBLE_DEVICES}, and as
     * the name of its CDI device. Replicas of one GPU share it.
     */
    public String idOf(AdvertisedDevice device) {
        return this == INDEX ? device.index() : device.uuid();
    }

    /** @throws DomainException with upstream's {@code invalid --device-id-strategy option: <v>} */
    public static DeviceIdStrategy parse(String value) {
        for (DeviceIdStrategy s : values()) {
            if (s.configValue.equals(value)) {
                return s;
            }
        }
        throw new DomainException("invalid --device-id-strategy option: " + value);
    }
}

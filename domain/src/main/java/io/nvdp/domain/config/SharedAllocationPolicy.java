package io.nvdp.domain.config;

import io.nvdp.domain.DomainException;

/** Preferred-allocation policy for replicas and MIG devices (spec 5.4). */
public enum SharedAllocationPolicy {
    DISTRIBUTED("distributed"),
    PACKED("packed");

    private final String configValue;

    SharedAllocationPolicy(String configValue) {
        this.configValue = configValue;
    }

    public String configValue() {
        return configValue;
    }

    /** @throws DomainException with HEAD's {@code invalid --shared-devices-allocation-policy option: <v>} */
    public static SharedAllocationPolicy parse(String value) {
        for (SharedAllocationPolicy s : values()) {
            if (s.configValue.equals(value)) {
                return s;
            }
        }
        throw new DomainException("invalid --shared-devices-allocation-policy option: " + value);
    }
}

package io.nvdp.domain.config;

import io.nvdp.domain.DomainException;

/** How MIG devices are exposed: {@code none}, {@code single} or {@code mixed} (spec 3.4). */
public enum MigStrategy {
    NONE("none"),
    SINGLE("single"),
    MIXED("mixed");

    private final String configValue;

    MigStrategy(String configValue) {
        this.configValue = configValue;
    }

    public String configValue() {
        return configValue;
    }

    /** @throws DomainException with upstream's {@code unknown strategy: <v>} */
    public static MigStrategy parse(String value) {
        for (MigStrategy s : values()) {
            if (s.configValue.equals(value)) {
                return s;
            }
        }
        throw new DomainException("unknown strategy: " + value);
    }
}

package io.nvdp.domain.labels;

import io.nvdp.domain.model.ComputeCapability;

/** The GPU architecture family that a CUDA compute capability belongs to, as {@code gpu.family} names it. */
public enum GpuFamily {
    TESLA("tesla"),
    FERMI("fermi"),
    KEPLER("kepler"),
    MAXWELL("maxwell"),
    PASCAL("pascal"),
    VOLTA("volta"),
    TURING("turing"),
    AMPERE("ampere"),
    HOPPER("hopper"),
    UNDEFINED("undefined");

    private final String label;

    GpuFamily(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static GpuFamily of(ComputeCapability cc) {
        return switch (cc.major()) {
            case 1 -> TESLA;
            case 2 -> FERMI;
            case 3 -> KEPLER;
            case 5 -> MAXWELL;
            case 6 -> PASCAL;
            case 7 -> cc.minor() < 5 ? VOLTA : TURING;
            case 8 -> AMPERE;
            case 9 -> HOPPER;
            default -> UNDEFINED;
        };
    }
}

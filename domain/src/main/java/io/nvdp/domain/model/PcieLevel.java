package io.nvdp.domain.model;

/**
 * How two GPUs meet on PCIe (NVML's topology common ancestor), with go-gpuallocator's pair score.
 */
public enum PcieLevel {
    SAME_BOARD(60),
    SINGLE_SWITCH(50),
    MULTI_SWITCH(40),
    HOST_BRIDGE(30),
    SAME_CPU(20),
    CROSS_CPU(10);

    private final int score;

    PcieLevel(int score) {
        this.score = score;
    }

    public int score() {
        return score;
    }
}

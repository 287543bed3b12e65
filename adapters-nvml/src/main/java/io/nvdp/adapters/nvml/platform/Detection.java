package io.nvdp.adapters.nvml.platform;

import java.util.Objects;

/**
 * One platform check's answer and its reason, worded as upstream logs it after
 * {@code Detected <platform> platform: }.
 */
public record Detection(boolean found, String reason) {
    public Detection {
        Objects.requireNonNull(reason, "reason");
    }
}

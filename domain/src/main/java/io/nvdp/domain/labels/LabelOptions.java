package io.nvdp.domain.labels;

import io.nvdp.domain.config.MigStrategy;
import io.nvdp.domain.config.TimeSlicing;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the labels depend on besides the node.
 *
 * @param migStrategy      how MIG devices are exposed
 * @param timeSlicing      the sharing configuration ({@code replicas} and {@code -SHARED} product names)
 * @param machineType      the content of the machine-type (DMI product name) file, empty when it could not be read
 * @param timestampSeconds the {@code gfd.timestamp} value, empty for no timestamp label
 */
public record LabelOptions(MigStrategy migStrategy, TimeSlicing timeSlicing, Optional<String> machineType,
        OptionalLong timestampSeconds) {
    public LabelOptions {
        Objects.requireNonNull(migStrategy, "migStrategy");
        Objects.requireNonNull(timeSlicing, "timeSlicing");
        Objects.requireNonNull(machineType, "machineType");
        Objects.requireNonNull(timestampSeconds, "timestampSeconds");
    }
}

package io.nvdp.adapters.config.v1;

import java.util.Objects;

/** {@code sharing}: the sharing strategies; v0.14.1 knows only time-slicing. */
public record Sharing(TimeSlicing timeSlicing) {
    public static final Sharing NONE = new Sharing(TimeSlicing.NONE);

    public Sharing {
        Objects.requireNonNull(timeSlicing, "timeSlicing");
    }
}

package io.nvdp.domain.cdi;

import java.util.List;
import java.util.Objects;

/**
 * One device of a CDI spec.
 *
 * @param name         the device part of its qualified name ({@code 0}, {@code 0:1}, {@code GPU-...}, {@code all})
 * @param deviceNodes  the device nodes it gives a container, as the container sees them
 *                     ({@code /dev/nvidia0}); the host's copies lie under the driver root
 */
public record CdiDevice(String name, List<String> deviceNodes) {
    public CdiDevice {
        Objects.requireNonNull(name, "name");
        deviceNodes = List.copyOf(deviceNodes);
    }
}

package io.nvdp.domain.plan;

import io.nvdp.domain.model.AdvertisedDevice;
import io.nvdp.domain.model.Health;
import io.nvdp.domain.model.ResourceName;
import java.util.List;
import java.util.Objects;

/**
 * One resource and the devices it advertises, in plan order (GPU index, MIG slot, replica).
 * {@link #equals} compares health too; {@link #sameDevicesAs} ignores it, which is what a reload
 * needs to decide whether a running plugin can stay.
 */
public record ResourceDevices(ResourceName name, List<AdvertisedDevice> devices) {
    public ResourceDevices {
        Objects.requireNonNull(name, "name");
        devices = List.copyOf(devices);
    }

    /** Same name and same devices in the same order, whatever their health. */
    public boolean sameDevicesAs(ResourceDevices other) {
        return other != null && name.equals(other.name) && allHealthy().equals(other.allHealthy());
    }

    /** This resource with every device Healthy (as a fresh plan builds it). */
    public ResourceDevices allHealthy() {
        if (devices.stream().allMatch(d -> d.health() == Health.HEALTHY)) {
            return this;
        }
        return new ResourceDevices(name, devices.stream().map(d -> d.withHealth(Health.HEALTHY)).toList());
    }
}

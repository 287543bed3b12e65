package io.nvdp.simulator.inventory;

import io.nvdp.domain.model.DriverVersions;
import io.nvdp.domain.port.DiscoveryException;
import io.nvdp.domain.port.GpuDriver;
import io.nvdp.simulator.profile.NodeProfile;
import java.util.Objects;

/** The driver of a node profile ({@code driverVersion}, {@code cudaDriverVersion}), or its init error. */
public final class SimulatedGpuDriver implements GpuDriver {
    private final NodeProfile profile;

    public SimulatedGpuDriver(NodeProfile profile) {
        this.profile = Objects.requireNonNull(profile, "profile");
    }

    /**
     * @throws DiscoveryException of kind {@code INIT_FAILED} with the profile's {@code initError} text
     */
    @Override
    public DriverVersions versions() {
        profile.initError().ifPresent(message -> {
            throw new DiscoveryException(DiscoveryException.Kind.INIT_FAILED, message);
        });
        return profile.driver();
    }
}

package io.nvdp.adapters.nvml;

import io.nvdp.domain.model.DriverVersions;
import io.nvdp.domain.port.DiscoveryException;
import io.nvdp.domain.port.GpuDriver;
import java.util.Objects;

/** The driver and CUDA versions from NVML ({@code nvmlSystemGetDriverVersion}, {@code nvmlSystemGetCudaDriverVersion}). */
public final class NvmlGpuDriver implements GpuDriver {
    private final NvmlLibrary library;

    public NvmlGpuDriver(NvmlLibrary library) {
        this.library = Objects.requireNonNull(library, "library");
    }

    /**
     * @throws DiscoveryException {@code INIT_FAILED} when NVML cannot be initialised, {@code INVALID} when a query fails
     */
    @Override
    public DriverVersions versions() {
        try (NvmlLibrary.Session session = library.openForDiscovery()) {
            Nvml nvml = session.nvml();
            return new DriverVersions(query("error getting driver version", nvml::driverVersion),
                    query("error getting cuda driver version", nvml::cudaDriverVersion));
        }
    }

    private interface Query<T> {
        T get();
    }

    private static <T> T query(String what, Query<T> query) {
        try {
            return query.get();
        } catch (NvmlException e) {
            throw new DiscoveryException(DiscoveryException.Kind.INVALID, what + ": " + e.ret(), e);
        }
    }
}

package io.nvdp.adapters.nvml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nvdp.domain.model.DriverVersions;
import io.nvdp.domain.port.DiscoveryException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NvmlGpuDriverTest {
    @TempDir
    Path dir;

    @Test
    void versionsComeFromNvml() {
        FakeNvml fake = FakeNvml.withNode(dir, "driver_version 470.57.02\ncuda_driver_version 11040\ngpu 0\n");
        assertThat(new NvmlGpuDriver(fake.library()).versions()).isEqualTo(new DriverVersions("470.57.02", 11040));
    }

    @Test
    void anInitFailureIsInitFailed() {
        FakeNvml fake = FakeNvml.withNode(dir, "init_error DRIVER_NOT_LOADED\n");
        assertThatThrownBy(() -> new NvmlGpuDriver(fake.library()).versions())
                .isInstanceOfSatisfying(DiscoveryException.class,
                        e -> assertThat(e.kind()).isEqualTo(DiscoveryException.Kind.INIT_FAILED))
                .hasMessageStartingWith("Failed to initialize NVML: ERROR_DRIVER_NOT_LOADED.");
    }
}

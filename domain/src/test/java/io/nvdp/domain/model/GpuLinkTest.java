package io.nvdp.domain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class GpuLinkTest {

    @Test
    void gpusOnOneFabricMeetOverTheLinksOfTheOneWithFewer() {
        assertThat(GpuLink.fabricLanes(12, 12)).isEqualTo(12);
        assertThat(GpuLink.fabricLanes(18, 6)).isEqualTo(6);
        assertThat(GpuLink.fabricLanes(4, 0)).isZero();
    }

    @Test
    void anIntegratedGpuHasNoDeviceNodeWhileADiscreteOneHasItsOwn() {
        Gpu discrete = new Gpu(0, "GPU-0", "Tesla T4", 3, 15360, "00000000:3B:00.0", OptionalInt.empty(),
                new ComputeCapability(7, 5), false, List.of(), List.of());

        assertThat(Gpu.tegra().devicePaths()).isEmpty();
        assertThat(discrete.devicePaths()).containsExactly("/dev/nvidia3");
        assertThatThrownBy(() -> new Gpu(0, "GPU-0", "Tesla T4", -2, 15360, "", OptionalInt.empty(),
                new ComputeCapability(7, 5), false, List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-2");
    }
}

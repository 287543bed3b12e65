package io.nvdp.adapters.nvml.binding;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NvmlBindingTest {
    @Test
    void structsHaveNvmlHeaderSizes() {
        assertThat(new NvmlStructs.Memory().size()).isEqualTo(24);
        assertThat(new NvmlStructs.PciInfo().size()).isEqualTo(68);
        assertThat(new NvmlStructs.DeviceAttributes().size()).isEqualTo(40);
        assertThat(new NvmlStructs.GpuInstanceProfileInfo().size()).isEqualTo(48);
        assertThat(new NvmlStructs.GpuInstanceInfo().size()).isEqualTo(24);
        assertThat(new NvmlStructs.ComputeInstanceProfileInfo().size()).isEqualTo(36);
        assertThat(new NvmlStructs.ComputeInstanceInfo().size()).isEqualTo(32);
        assertThat(new NvmlStructs.EventData().size()).isEqualTo(32);
    }

    @Test
    void returnCodesMapToUpstreamNames() {
        assertThat(NvmlReturn.of(0)).isEqualTo(NvmlReturn.SUCCESS);
        assertThat(NvmlReturn.of(3)).hasToString("ERROR_NOT_SUPPORTED");
        assertThat(NvmlReturn.of(7)).isEqualTo(NvmlReturn.ERROR_INSUFFICIENT_SIZE);
        assertThat(NvmlReturn.of(12)).isEqualTo(NvmlReturn.ERROR_LIBRARY_NOT_FOUND);
        assertThat(NvmlReturn.of(15)).isEqualTo(NvmlReturn.ERROR_GPU_IS_LOST);
        assertThat(NvmlReturn.of(999)).isEqualTo(NvmlReturn.ERROR_UNKNOWN);
        assertThat(NvmlReturn.of(12345)).isEqualTo(NvmlReturn.ERROR_UNKNOWN);
        assertThat(NvmlReturn.ERROR_GPU_IS_LOST.code()).isEqualTo(15);
    }
}

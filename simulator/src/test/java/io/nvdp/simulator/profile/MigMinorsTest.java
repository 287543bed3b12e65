package io.nvdp.simulator.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MigMinorsTest {

    @Test
    void minorsFollowTheDriversLayoutOfNineMinorsPerGpuInstanceAnd135PerGpu() {
        assertThat(MigMinors.gpuInstanceAccess(0, 0)).isEqualTo(3);
        assertThat(MigMinors.computeInstanceAccess(0, 0, 0)).isEqualTo(4);
        assertThat(MigMinors.computeInstanceAccess(0, 0, 7)).isEqualTo(11);
        assertThat(MigMinors.gpuInstanceAccess(0, 1)).isEqualTo(12);
        assertThat(MigMinors.gpuInstanceAccess(1, 0)).isEqualTo(138);
        assertThat(MigMinors.computeInstanceAccess(31, 14, 7)).isEqualTo(4322);
    }

    @Test
    void theProcFileListsConfigMonitorAndEveryInstanceOnce() {
        String content = MigMinors.procFileContent();

        assertThat(content).startsWith("config 1\nmonitor 2\ngpu0/gi0/access 3\ngpu0/gi0/ci0/access 4\n")
                .contains("\ngpu1/gi0/access 138\n")
                .endsWith("gpu31/gi14/ci7/access 4322\n");
        assertThat(content.lines()).hasSize(2 + 32 * 15 * 9);
    }

    @Test
    void capabilityDevicePathsLiveUnderNvidiaCaps() {
        assertThat(MigMinors.capabilityDevicePath(12)).isEqualTo("/dev/nvidia-caps/nvidia-cap12");
    }

    @Test
    void idsOutsideTheDriversRangeAreRefused() {
        assertThatThrownBy(() -> MigMinors.gpuInstanceAccess(32, 0)).hasMessage("GPU minor must be in 0..31: 32");
        assertThatThrownBy(() -> MigMinors.computeInstanceAccess(0, 0, 8))
                .hasMessage("compute instance id must be in 0..7: 8");
    }
}

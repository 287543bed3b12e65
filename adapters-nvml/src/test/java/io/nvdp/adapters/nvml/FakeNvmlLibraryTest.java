package io.nvdp.adapters.nvml;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import io.nvdp.adapters.nvml.binding.NvmlNative;
import io.nvdp.adapters.nvml.binding.NvmlReturn;
import io.nvdp.adapters.nvml.binding.NvmlStructs;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fake library seen through the raw JNA binding: codes, buffers and structs as NVML gives them. */
class FakeNvmlLibraryTest {
    @TempDir
    Path dir;

    @Test
    void answersLikeNvmlThroughTheRawBinding() {
        FakeNvml.withNode(dir, """
                driver_version 550.54.15
                gpu 0
                  uuid GPU-12345678-0000-0000-0000-000000000000
                  name NVIDIA H100 80GB HBM3
                  bus_id 00000000:1A:00.0
                  memory_mib 81559
                """);
        NvmlNative lib = Native.load(FakeNvml.libraryPath().toString(), NvmlNative.class);
        IntByReference count = new IntByReference();

        assertThat(NvmlReturn.of(lib.nvmlDeviceGetCount_v2(count))).isEqualTo(NvmlReturn.ERROR_UNINITIALIZED);
        assertThat(NvmlReturn.of(lib.nvmlInit_v2())).isEqualTo(NvmlReturn.SUCCESS);
        try {
            assertThat(lib.nvmlDeviceGetCount_v2(count)).isZero();
            assertThat(count.getValue()).isEqualTo(1);
            PointerByReference ref = new PointerByReference();
            assertThat(lib.nvmlDeviceGetHandleByIndex_v2(0, ref)).isZero();
            Pointer gpu = ref.getValue();

            byte[] small = new byte[10];
            assertThat(NvmlReturn.of(lib.nvmlDeviceGetUUID(gpu, small, small.length)))
                    .isEqualTo(NvmlReturn.ERROR_INSUFFICIENT_SIZE);
            byte[] name = new byte[96];
            assertThat(lib.nvmlDeviceGetName(gpu, name, name.length)).isZero();
            assertThat(Native.toString(name)).isEqualTo("NVIDIA H100 80GB HBM3");

            NvmlStructs.PciInfo pci = new NvmlStructs.PciInfo();
            assertThat(lib.nvmlDeviceGetPciInfo_v3(gpu, pci)).isZero();
            assertThat(pci.busIdString()).isEqualTo("00000000:1A:00.0");
            assertThat(Native.toString(pci.busIdLegacy)).isEqualTo("0000:1A:00.0");
            assertThat(pci.bus).isEqualTo(0x1A);

            NvmlStructs.Memory memory = new NvmlStructs.Memory();
            assertThat(lib.nvmlDeviceGetMemoryInfo(gpu, memory)).isZero();
            assertThat(memory.total).isEqualTo(81559L << 20);

            IntByReference current = new IntByReference();
            assertThat(NvmlReturn.of(lib.nvmlDeviceGetMigMode(gpu, current, new IntByReference())))
                    .isEqualTo(NvmlReturn.ERROR_NOT_SUPPORTED);
            assertThat(lib.nvmlErrorString(NvmlReturn.ERROR_GPU_IS_LOST.code())).isEqualTo("GPU is lost");
            byte[] version = new byte[80];
            assertThat(lib.nvmlSystemGetDriverVersion(version, version.length)).isZero();
            assertThat(Native.toString(version)).isEqualTo("550.54.15");
        } finally {
            assertThat(lib.nvmlShutdown()).isZero();
        }
    }
}

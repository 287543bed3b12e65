package io.nvdp.adapters.nvml.binding;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The NVML C functions the plugin calls, by their exported (versioned) symbol names. Every
 * function returns an {@code nvmlReturn_t} code ({@link NvmlReturn#of(int)}); handles are opaque
 * pointers. Character buffers are passed as byte arrays with their length.
 */
public interface NvmlNative extends Library {
    int nvmlInit_v2();

    int nvmlShutdown();

    String nvmlErrorString(int result);

    int nvmlSystemGetDriverVersion(byte[] version, int length);

    int nvmlSystemGetCudaDriverVersion(IntByReference version);

    int nvmlDeviceGetCount_v2(IntByReference count);

    int nvmlDeviceGetHandleByIndex_v2(int index, PointerByReference device);

    int nvmlDeviceGetHandleByUUID(String uuid, PointerByReference device);

    int nvmlDeviceGetUUID(Pointer device, byte[] uuid, int length);

    int nvmlDeviceGetName(Pointer device, byte[] name, int length);

    int nvmlDeviceGetIndex(Pointer device, IntByReference index);

    int nvmlDeviceGetMinorNumber(Pointer device, IntByReference minor);

    int nvmlDeviceGetMemoryInfo(Pointer device, NvmlStructs.Memory memory);

    int nvmlDeviceGetPciInfo_v3(Pointer device, NvmlStructs.PciInfo pci);

    int nvmlDeviceGetCudaComputeCapability(Pointer device, IntByReference major, IntByReference minor);

    int nvmlDeviceGetMigMode(Pointer device, IntByReference current, IntByReference pending);

    int nvmlDeviceGetMaxMigDeviceCount(Pointer device, IntByReference count);

    int nvmlDeviceGetMigDeviceHandleByIndex(Pointer device, int index, PointerByReference migDevice);

    int nvmlDeviceGetDeviceHandleFromMigDeviceHandle(Pointer migDevice, PointerByReference device);

    int nvmlDeviceIsMigDeviceHandle(Pointer device, IntByReference isMig);

    int nvmlDeviceGetGpuInstanceId(Pointer device, IntByReference id);

    int nvmlDeviceGetComputeInstanceId(Pointer device, IntByReference id);

    int nvmlDeviceGetAttributes_v2(Pointer device, NvmlStructs.DeviceAttributes attributes);

    int nvmlDeviceGetGpuInstanceProfileInfo(Pointer device, int profile, NvmlStructs.GpuInstanceProfileInfo info);

    int nvmlDeviceGetGpuInstanceById(Pointer device, int id, PointerByReference gpuInstance);

    int nvmlGpuInstanceGetInfo(Pointer gpuInstance, NvmlStructs.GpuInstanceInfo info);

    int nvmlGpuInstanceGetComputeInstanceProfileInfo(Pointer gpuInstance, int profile, int engProfile,
            NvmlStructs.ComputeInstanceProfileInfo info);

    int nvmlGpuInstanceGetComputeInstanceById(Pointer gpuInstance, int id, PointerByReference computeInstance);

    int nvmlComputeInstanceGetInfo_v2(Pointer computeInstance, NvmlStructs.ComputeInstanceInfo info);

    int nvmlDeviceGetTopologyCommonAncestor(Pointer device1, Pointer device2, IntByReference level);

    int nvmlDeviceGetNvLinkState(Pointer device, int link, IntByReference isActive);

    int nvmlDeviceGetNvLinkRemotePciInfo_v2(Pointer device, int link, NvmlStructs.PciInfo pci);

    int nvmlDeviceGetNvLinkRemoteDeviceType(Pointer device, int link, IntByReference deviceType);

    int nvmlDeviceGetSupportedEventTypes(Pointer device, LongByReference eventTypes);

    int nvmlDeviceRegisterEvents(Pointer device, long eventTypes, Pointer set);

    int nvmlEventSetCreate(PointerByReference set);

    int nvmlEventSetWait_v2(Pointer set, NvmlStructs.EventData data, int timeoutMs);

    int nvmlEventSetFree(Pointer set);
}

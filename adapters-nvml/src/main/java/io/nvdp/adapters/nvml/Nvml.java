package io.nvdp.adapters.nvml;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import io.nvdp.adapters.nvml.binding.NvmlConstants;
import io.nvdp.adapters.nvml.binding.NvmlNative;
import io.nvdp.adapters.nvml.binding.NvmlReturn;
import io.nvdp.adapters.nvml.binding.NvmlStructs;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Typed NVML calls over the JNA binding: values in, values out, {@link NvmlException} for any
 * return code the caller did not ask to see. Valid only between init and shutdown.
 */
final class Nvml {
    private final NvmlNative lib;

    Nvml(NvmlNative lib) {
        this.lib = lib;
    }

    private static void check(String call, int code) {
        NvmlReturn ret = NvmlReturn.of(code);
        if (!ret.isSuccess()) {
            throw new NvmlException(call, ret);
        }
    }

    String errorString(NvmlReturn ret) {
        return lib.nvmlErrorString(ret.code());
    }

    String driverVersion() {
        byte[] buf = new byte[NvmlConstants.SYSTEM_DRIVER_VERSION_BUFFER_SIZE];
        check("nvmlSystemGetDriverVersion", lib.nvmlSystemGetDriverVersion(buf, buf.length));
        return Native.toString(buf);
    }

    int cudaDriverVersion() {
        IntByReference v = new IntByReference();
        check("nvmlSystemGetCudaDriverVersion", lib.nvmlSystemGetCudaDriverVersion(v));
        return v.getValue();
    }

    int deviceCount() {
        IntByReference count = new IntByReference();
        check("nvmlDeviceGetCount", lib.nvmlDeviceGetCount_v2(count));
        return count.getValue();
    }

    Pointer handleByIndex(int index) {
        PointerByReference ref = new PointerByReference();
        check("nvmlDeviceGetHandleByIndex", lib.nvmlDeviceGetHandleByIndex_v2(index, ref));
        return ref.getValue();
    }

    Pointer handleByUuid(String uuid) {
        PointerByReference ref = new PointerByReference();
        check("nvmlDeviceGetHandleByUUID", lib.nvmlDeviceGetHandleByUUID(uuid, ref));
        return ref.getValue();
    }

    String uuid(Pointer device) {
        byte[] buf = new byte[NvmlConstants.DEVICE_UUID_V2_BUFFER_SIZE];
        check("nvmlDeviceGetUUID", lib.nvmlDeviceGetUUID(device, buf, buf.length));
        return Native.toString(buf);
    }

    String name(Pointer device) {
        byte[] buf = new byte[NvmlConstants.DEVICE_NAME_V2_BUFFER_SIZE];
        check("nvmlDeviceGetName", lib.nvmlDeviceGetName(device, buf, buf.length));
        return Native.toString(buf);
    }

    int minorNumber(Pointer device) {
        IntByReference minor = new IntByReference();
        check("nvmlDeviceGetMinorNumber", lib.nvmlDeviceGetMinorNumber(device, minor));
        return minor.getValue();
    }

    /** Total memory in bytes. */
    long memoryTotal(Pointer device) {
        NvmlStructs.Memory memory = new NvmlStructs.Memory();
        check("nvmlDeviceGetMemoryInfo", lib.nvmlDeviceGetMemoryInfo(device, memory));
        return memory.total;
    }

    /** The NVML PCI bus id, e.g. {@code 00000000:3B:00.0}. */
    String pciBusId(Pointer device) {
        NvmlStructs.PciInfo pci = new NvmlStructs.PciInfo();
        check("nvmlDeviceGetPciInfo", lib.nvmlDeviceGetPciInfo_v3(device, pci));
        return pci.busIdString();
    }

    int[] cudaComputeCapability(Pointer device) {
        IntByReference major = new IntByReference();
        IntByReference minor = new IntByReference();
        check("nvmlDeviceGetCudaComputeCapability", lib.nvmlDeviceGetCudaComputeCapability(device, major, minor));
        return new int[] {major.getValue(), minor.getValue()};
    }

    /** The current MIG mode, empty when the device is not MIG capable. */
    Optional<Boolean> migEnabled(Pointer device) {
        IntByReference current = new IntByReference();
        IntByReference pending = new IntByReference();
        NvmlReturn ret = NvmlReturn.of(lib.nvmlDeviceGetMigMode(device, current, pending));
        if (ret == NvmlReturn.ERROR_NOT_SUPPORTED) {
            return Optional.empty();
        }
        check("nvmlDeviceGetMigMode", ret.code());
        return Optional.of(current.getValue() == NvmlConstants.DEVICE_MIG_ENABLE);
    }

    int maxMigDeviceCount(Pointer device) {
        IntByReference count = new IntByReference();
        check("nvmlDeviceGetMaxMigDeviceCount", lib.nvmlDeviceGetMaxMigDeviceCount(device, count));
        return count.getValue();
    }

    /** The MIG device in slot {@code index}, empty when that slot holds none. */
    Optional<Pointer> migDeviceHandle(Pointer device, int index) {
        PointerByReference ref = new PointerByReference();
        NvmlReturn ret = NvmlReturn.of(lib.nvmlDeviceGetMigDeviceHandleByIndex(device, index, ref));
        if (ret == NvmlReturn.ERROR_NOT_FOUND || ret == NvmlReturn.ERROR_INVALID_ARGUMENT) {
            return Optional.empty();
        }
        check("nvmlDeviceGetMigDeviceHandleByIndex", ret.code());
        return Optional.of(ref.getValue());
    }

    Pointer parentOfMigDevice(Pointer migDevice) {
        PointerByReference ref = new PointerByReference();
        check("nvmlDeviceGetDeviceHandleFromMigDeviceHandle", lib.nvmlDeviceGetDeviceHandleFromMigDeviceHandle(migDevice, ref));
        return ref.getValue();
    }

    int gpuInstanceId(Pointer migDevice) {
        IntByReference id = new IntByReference();
        check("nvmlDeviceGetGpuInstanceId", lib.nvmlDeviceGetGpuInstanceId(migDevice, id));
        return id.getValue();
    }

    int computeInstanceId(Pointer migDevice) {
        IntByReference id = new IntByReference();
        check("nvmlDeviceGetComputeInstanceId", lib.nvmlDeviceGetComputeInstanceId(migDevice, id));
        return id.getValue();
    }

    NvmlStructs.DeviceAttributes attributes(Pointer migDevice) {
        NvmlStructs.DeviceAttributes attributes = new NvmlStructs.DeviceAttributes();
        check("nvmlDeviceGetAttributes", lib.nvmlDeviceGetAttributes_v2(migDevice, attributes));
        return attributes;
    }

    /** The GPU instance profile, empty when the device does not offer it (NOT_SUPPORTED / INVALID_ARGUMENT). */
    Optional<NvmlStructs.GpuInstanceProfileInfo> gpuInstanceProfile(Pointer device, int profile) {
        NvmlStructs.GpuInstanceProfileInfo info = new NvmlStructs.GpuInstanceProfileInfo();
        NvmlReturn ret = NvmlReturn.of(lib.nvmlDeviceGetGpuInstanceProfileInfo(device, profile, info));
        if (ret == NvmlReturn.ERROR_NOT_SUPPORTED || ret == NvmlReturn.ERROR_INVALID_ARGUMENT) {
            return Optional.empty();
        }
        check("nvmlDeviceGetGpuInstanceProfileInfo", ret.code());
        return Optional.of(info);
    }

    Pointer gpuInstanceById(Pointer device, int id) {
        PointerByReference ref = new PointerByReference();
        check("nvmlDeviceGetGpuInstanceById", lib.nvmlDeviceGetGpuInstanceById(device, id, ref));
        return ref.getValue();
    }

    NvmlStructs.GpuInstanceInfo gpuInstanceInfo(Pointer gpuInstance) {
        NvmlStructs.GpuInstanceInfo info = new NvmlStructs.GpuInstanceInfo();
        check("nvmlGpuInstanceGetInfo", lib.nvmlGpuInstanceGetInfo(gpuInstance, info));
        return info;
    }

    Optional<NvmlStructs.ComputeInstanceProfileInfo> computeInstanceProfile(Pointer gpuInstance, int profile) {
        NvmlStructs.ComputeInstanceProfileInfo info = new NvmlStructs.ComputeInstanceProfileInfo();
        NvmlReturn ret = NvmlReturn.of(lib.nvmlGpuInstanceGetComputeInstanceProfileInfo(
                gpuInstance, profile, NvmlConstants.COMPUTE_INSTANCE_ENGINE_PROFILE_SHARED, info));
        if (ret == NvmlReturn.ERROR_NOT_SUPPORTED || ret == NvmlReturn.ERROR_INVALID_ARGUMENT) {
            return Optional.empty();
        }
        check("nvmlGpuInstanceGetComputeInstanceProfileInfo", ret.code());
        return Optional.of(info);
    }

    Pointer computeInstanceById(Pointer gpuInstance, int id) {
        PointerByReference ref = new PointerByReference();
        check("nvmlGpuInstanceGetComputeInstanceById", lib.nvmlGpuInstanceGetComputeInstanceById(gpuInstance, id, ref));
        return ref.getValue();
    }

    NvmlStructs.ComputeInstanceInfo computeInstanceInfo(Pointer computeInstance) {
        NvmlStructs.ComputeInstanceInfo info = new NvmlStructs.ComputeInstanceInfo();
        check("nvmlComputeInstanceGetInfo", lib.nvmlComputeInstanceGetInfo_v2(computeInstance, info));
        return info;
    }

    /** NVML's topology level between two GPUs, empty when NVML cannot tell. */
    OptionalInt topologyCommonAncestor(Pointer a, Pointer b) {
        IntByReference level = new IntByReference();
        NvmlReturn ret = NvmlReturn.of(lib.nvmlDeviceGetTopologyCommonAncestor(a, b, level));
        return ret.isSuccess() ? OptionalInt.of(level.getValue()) : OptionalInt.empty();
    }

    /** Link state; empty when the device has no NVLink (NOT_SUPPORTED) or the link does not exist. */
    Optional<Boolean> nvLinkActive(Pointer device, int link) {
        IntByReference active = new IntByReference();
        NvmlReturn ret = NvmlReturn.of(lib.nvmlDeviceGetNvLinkState(device, link, active));
        if (ret == NvmlReturn.ERROR_NOT_SUPPORTED || ret == NvmlReturn.ERROR_INVALID_ARGUMENT) {
            return Optional.empty();
        }
        check("nvmlDeviceGetNvLinkState", ret.code());
        return Optional.of(active.getValue() == NvmlConstants.FEATURE_ENABLED);
    }

    String nvLinkRemoteBusId(Pointer device, int link) {
        NvmlStructs.PciInfo pci = new NvmlStructs.PciInfo();
        check("nvmlDeviceGetNvLinkRemotePciInfo", lib.nvmlDeviceGetNvLinkRemotePciInfo_v2(device, link, pci));
        return pci.busIdString();
    }

    /**
     * What the far end of a link is ({@code NVLINK_DEVICE_TYPE_*}); empty when NVML cannot tell
     * (an error, or a driver whose library lacks the call).
     */
    OptionalInt nvLinkRemoteDeviceType(Pointer device, int link) {
        IntByReference type = new IntByReference();
        int ret;
        try {
            ret = lib.nvmlDeviceGetNvLinkRemoteDeviceType(device, link, type);
        } catch (UnsatisfiedLinkError e) {
            return OptionalInt.empty();
        }
        return NvmlReturn.of(ret).isSuccess() ? OptionalInt.of(type.getValue()) : OptionalInt.empty();
    }

    long supportedEventTypes(Pointer device) {
        LongByReference types = new LongByReference();
        check("nvmlDeviceGetSupportedEventTypes", lib.nvmlDeviceGetSupportedEventTypes(device, types));
        return types.getValue();
    }

    NvmlReturn registerEvents(Pointer device, long eventTypes, Pointer set) {
        return NvmlReturn.of(lib.nvmlDeviceRegisterEvents(device, eventTypes, set));
    }

    Pointer eventSetCreate() {
        PointerByReference ref = new PointerByReference();
        check("nvmlEventSetCreate", lib.nvmlEventSetCreate(ref));
        return ref.getValue();
    }

    NvmlReturn eventSetWait(Pointer set, NvmlStructs.EventData data, int timeoutMs) {
        return NvmlReturn.of(lib.nvmlEventSetWait_v2(set, data, timeoutMs));
    }

    NvmlReturn eventSetFree(Pointer set) {
        return NvmlReturn.of(lib.nvmlEventSetFree(set));
    }
}

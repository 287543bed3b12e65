package io.nvdp.adapters.nvml.binding;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;

/** NVML structs with nvml.h's field order and types (JNA lays them out with the C alignment rules). */
public final class NvmlStructs {
    private NvmlStructs() {
    }

    /** {@code nvmlMemory_t}: bytes. */
    @Structure.FieldOrder({"total", "free", "used"})
    public static final class Memory extends Structure {
        public long total;
        public long free;
        public long used;
    }

    /** {@code nvmlPciInfo_t} (v2/v3 layout). */
    @Structure.FieldOrder({"busIdLegacy", "domain", "bus", "device", "pciDeviceId", "pciSubSystemId", "busId"})
    public static final class PciInfo extends Structure {
        public byte[] busIdLegacy = new byte[NvmlConstants.PCI_BUS_ID_BUFFER_V2_SIZE];
        public int domain;
        public int bus;
        public int device;
        public int pciDeviceId;
        public int pciSubSystemId;
        public byte[] busId = new byte[NvmlConstants.PCI_BUS_ID_BUFFER_SIZE];

        public String busIdString() {
            return com.sun.jna.Native.toString(busId);
        }
    }

    /** {@code nvmlDeviceAttributes_t}. */
    @Structure.FieldOrder({"multiprocessorCount", "sharedCopyEngineCount", "sharedDecoderCount", "sharedEncoderCount",
            "sharedJpegCount", "sharedOfaCount", "gpuInstanceSliceCount", "computeInstanceSliceCount", "memorySizeMB"})
    public static final class DeviceAttributes extends Structure {
        public int multiprocessorCount;
        public int sharedCopyEngineCount;
        public int sharedDecoderCount;
        public int sharedEncoderCount;
        public int sharedJpegCount;
        public int sharedOfaCount;
        public int gpuInstanceSliceCount;
        public int computeInstanceSliceCount;
        public long memorySizeMB;
    }

    /** {@code nvmlGpuInstanceProfileInfo_t}. */
    @Structure.FieldOrder({"id", "isP2pSupported", "sliceCount", "instanceCount", "multiprocessorCount",
            "copyEngineCount", "decoderCount", "encoderCount", "jpegCount", "ofaCount", "memorySizeMB"})
    public static final class GpuInstanceProfileInfo extends Structure {
        public int id;
        public int isP2pSupported;
        public int sliceCount;
        public int instanceCount;
        public int multiprocessorCount;
        public int copyEngineCount;
        public int decoderCount;
        public int encoderCount;
        public int jpegCount;
        public int ofaCount;
        public long memorySizeMB;
    }

    /** {@code nvmlGpuInstancePlacement_t} / {@code nvmlComputeInstancePlacement_t}. */
    @Structure.FieldOrder({"start", "size"})
    public static final class Placement extends Structure {
        public int start;
        public int size;
    }

    /** {@code nvmlGpuInstanceInfo_t}. */
    @Structure.FieldOrder({"device", "id", "profileId", "placement"})
    public static final class GpuInstanceInfo extends Structure {
        public Pointer device;
        public int id;
        public int profileId;
        public Placement placement;
    }

    /** {@code nvmlComputeInstanceProfileInfo_t}. */
    @Structure.FieldOrder({"id", "sliceCount", "instanceCount", "multiprocessorCount", "sharedCopyEngineCount",
            "sharedDecoderCount", "sharedEncoderCount", "sharedJpegCount", "sharedOfaCount"})
    public static final class ComputeInstanceProfileInfo extends Structure {
        public int id;
        public int sliceCount;
        public int instanceCount;
        public int multiprocessorCount;
        public int sharedCopyEngineCount;
        public int sharedDecoderCount;
        public int sharedEncoderCount;
        public int sharedJpegCount;
        public int sharedOfaCount;
    }

    /** {@code nvmlComputeInstanceInfo_t} (the v2 call's layout, with placement). */
    @Structure.FieldOrder({"device", "gpuInstance", "id", "profileId", "placement"})
    public static final class ComputeInstanceInfo extends Structure {
        public Pointer device;
        public Pointer gpuInstance;
        public int id;
        public int profileId;
        public Placement placement;
    }

    /** {@code nvmlEventData_t} (as filled by {@code nvmlEventSetWait_v2}). */
    @Structure.FieldOrder({"device", "eventType", "eventData", "gpuInstanceId", "computeInstanceId"})
    public static final class EventData extends Structure {
        public Pointer device;
        public long eventType;
        public long eventData;
        public int gpuInstanceId;
        public int computeInstanceId;
    }
}

package io.nvdp.adapters.nvml.binding;

/** Constants from nvml.h that the plugin uses. */
public final class NvmlConstants {
    private NvmlConstants() {
    }

    public static final int DEVICE_UUID_V2_BUFFER_SIZE = 96;
    public static final int DEVICE_NAME_V2_BUFFER_SIZE = 96;
    public static final int SYSTEM_DRIVER_VERSION_BUFFER_SIZE = 80;
    public static final int PCI_BUS_ID_BUFFER_SIZE = 32;
    public static final int PCI_BUS_ID_BUFFER_V2_SIZE = 16;
    public static final int NVLINK_MAX_LINKS = 18;
    public static final int NVLINK_DEVICE_TYPE_GPU = 0x00;
    public static final int NVLINK_DEVICE_TYPE_SWITCH = 0x02;

    public static final int DEVICE_MIG_DISABLE = 0;
    public static final int DEVICE_MIG_ENABLE = 1;
    public static final int FEATURE_ENABLED = 1;

    public static final long EVENT_TYPE_SINGLE_BIT_ECC_ERROR = 0x1L;
    public static final long EVENT_TYPE_DOUBLE_BIT_ECC_ERROR = 0x2L;
    public static final long EVENT_TYPE_PSTATE = 0x4L;
    public static final long EVENT_TYPE_XID_CRITICAL_ERROR = 0x8L;

    /** The GI/CI id of an event that names no MIG instance. */
    public static final int NO_INSTANCE_ID = 0xFFFFFFFF;

    public static final int TOPOLOGY_INTERNAL = 0;
    public static final int TOPOLOGY_SINGLE = 10;
    public static final int TOPOLOGY_MULTIPLE = 20;
    public static final int TOPOLOGY_HOSTBRIDGE = 30;
    public static final int TOPOLOGY_NODE = 40;
    public static final int TOPOLOGY_SYSTEM = 50;

    public static final int GPU_INSTANCE_PROFILE_1_SLICE = 0x0;
    public static final int GPU_INSTANCE_PROFILE_2_SLICE = 0x1;
    public static final int GPU_INSTANCE_PROFILE_3_SLICE = 0x2;
    public static final int GPU_INSTANCE_PROFILE_4_SLICE = 0x3;
    public static final int GPU_INSTANCE_PROFILE_7_SLICE = 0x4;
    public static final int GPU_INSTANCE_PROFILE_8_SLICE = 0x5;
    public static final int GPU_INSTANCE_PROFILE_6_SLICE = 0x6;
    public static final int GPU_INSTANCE_PROFILE_1_SLICE_REV1 = 0x7;
    public static final int GPU_INSTANCE_PROFILE_2_SLICE_REV1 = 0x8;
    public static final int GPU_INSTANCE_PROFILE_1_SLICE_REV2 = 0x9;
    public static final int GPU_INSTANCE_PROFILE_COUNT = 0xA;

    public static final int COMPUTE_INSTANCE_PROFILE_COUNT = 0x8;
    public static final int COMPUTE_INSTANCE_ENGINE_PROFILE_SHARED = 0x0;

    /** GPU slices of each {@code NVML_GPU_INSTANCE_PROFILE_*} index. */
    public static int gpuInstanceSlices(int profile) {
        return switch (profile) {
            case GPU_INSTANCE_PROFILE_1_SLICE, GPU_INSTANCE_PROFILE_1_SLICE_REV1, GPU_INSTANCE_PROFILE_1_SLICE_REV2 -> 1;
            case GPU_INSTANCE_PROFILE_2_SLICE, GPU_INSTANCE_PROFILE_2_SLICE_REV1 -> 2;
            case GPU_INSTANCE_PROFILE_3_SLICE -> 3;
            case GPU_INSTANCE_PROFILE_4_SLICE -> 4;
            case GPU_INSTANCE_PROFILE_6_SLICE -> 6;
            case GPU_INSTANCE_PROFILE_7_SLICE -> 7;
            case GPU_INSTANCE_PROFILE_8_SLICE -> 8;
            default -> throw new IllegalArgumentException("invalid GPU instance profile: " + profile);
        };
    }

    /** Compute slices of each {@code NVML_COMPUTE_INSTANCE_PROFILE_*} index. */
    public static int computeInstanceSlices(int profile) {
        return switch (profile) {
            case 0, 7 -> 1;
            case 1 -> 2;
            case 2 -> 3;
            case 3 -> 4;
            case 4 -> 7;
            case 5 -> 8;
            case 6 -> 6;
            default -> throw new IllegalArgumentException("invalid compute instance profile: " + profile);
        };
    }

    /** Media-extension GPU instance profiles (go-nvlib's {@code +me} attribute). */
    public static boolean hasMediaExtensions(int gpuInstanceProfile) {
        return gpuInstanceProfile == GPU_INSTANCE_PROFILE_1_SLICE_REV1
                || gpuInstanceProfile == GPU_INSTANCE_PROFILE_2_SLICE_REV1;
    }
}

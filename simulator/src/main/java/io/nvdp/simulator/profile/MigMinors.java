package io.nvdp.simulator.profile;

/**
 * How the NVIDIA driver numbers MIG capability device minors, as listed in
 * {@code /proc/driver/nvidia-caps/mig-minors}: {@code config 1}, {@code monitor 2}, then for every GPU
 * minor {@code g} (0..31) and GPU instance {@code gi} (0..14) an {@code access} minor for the GPU instance
 * followed by one per compute instance {@code ci} (0..7), so each GPU instance takes 9 minors and each
 * GPU 135: {@code gpu0/gi0/access 3}, {@code gpu0/gi0/ci0/access 4}, ..., {@code gpu31/gi14/ci7/access 4322}.
 * The simulator and the fake NVML tier both use this, so their capability paths agree.
 */
public final class MigMinors {
    public static final int CONFIG = 1;
    public static final int MONITOR = 2;
    public static final int MAX_GPUS = 32;
    public static final int MAX_GPU_INSTANCES = 15;
    public static final int MAX_COMPUTE_INSTANCES = 8;

    private static final int FIRST = 3;
    private static final int PER_GPU_INSTANCE = 1 + MAX_COMPUTE_INSTANCES;
    private static final int PER_GPU = MAX_GPU_INSTANCES * PER_GPU_INSTANCE;
    private static final String CAP_DEVICE_PREFIX = "/dev/nvidia-caps/nvidia-cap";

    private MigMinors() {
    }

    /** The minor of {@code gpu<g>/gi<gi>/access}. */
    public static int gpuInstanceAccess(int gpuMinor, int gpuInstanceId) {
        check(gpuMinor, MAX_GPUS, "GPU minor");
        check(gpuInstanceId, MAX_GPU_INSTANCES, "GPU instance id");
        return FIRST + gpuMinor * PER_GPU + gpuInstanceId * PER_GPU_INSTANCE;
    }

    /** The minor of {@code gpu<g>/gi<gi>/ci<ci>/access}. */
    public static int computeInstanceAccess(int gpuMinor, int gpuInstanceId, int computeInstanceId) {
        check(computeInstanceId, MAX_COMPUTE_INSTANCES, "compute instance id");
        return gpuInstanceAccess(gpuMinor, gpuInstanceId) + 1 + computeInstanceId;
    }

    /** {@code /dev/nvidia-caps/nvidia-cap<minor>}. */
    public static String capabilityDevicePath(int minor) {
        return CAP_DEVICE_PREFIX + minor;
    }

    /** The whole {@code /proc/driver/nvidia-caps/mig-minors} file the driver would write. */
    public static String procFileContent() {
        StringBuilder sb = new StringBuilder(160_000);
        sb.append("config ").append(CONFIG).append('\n');
        sb.append("monitor ").append(MONITOR).append('\n');
        for (int g = 0; g < MAX_GPUS; g++) {
            for (int gi = 0; gi < MAX_GPU_INSTANCES; gi++) {
                sb.append("gpu").append(g).append("/gi").append(gi).append("/access ")
                        .append(gpuInstanceAccess(g, gi)).append('\n');
                for (int ci = 0; ci < MAX_COMPUTE_INSTANCES; ci++) {
                    sb.append("gpu").append(g).append("/gi").append(gi).append("/ci").append(ci).append("/access ")
                            .append(computeInstanceAccess(g, gi, ci)).append('\n');
                }
            }
        }
        return sb.toString();
    }

    private static void check(int value, int limit, String what) {
        if (value < 0 || value >= limit) {
            throw new IllegalArgumentException(what + " must be in 0.." + (limit - 1) + ": " + value);
        }
    }
}

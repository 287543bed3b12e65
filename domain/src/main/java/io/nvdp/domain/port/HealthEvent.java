package io.nvdp.domain.port;

import java.util.Objects;
import java.util.OptionalInt;

/** A fact about the health of a physical GPU or MIG instance, from whatever source watches them. */
public sealed interface HealthEvent {

    /**
     * An Xid critical error on a GPU. When the event names a GPU instance and compute instance
     * (MIG), only the matching MIG device is affected.
     */
    record Xid(String gpuUuid, long xid, OptionalInt gpuInstanceId, OptionalInt computeInstanceId) implements HealthEvent {
        public Xid {
            Objects.requireNonNull(gpuUuid, "gpuUuid");
            Objects.requireNonNull(gpuInstanceId, "gpuInstanceId");
            Objects.requireNonNull(computeInstanceId, "computeInstanceId");
        }

        public static Xid onGpu(String gpuUuid, long xid) {
            return new Xid(gpuUuid, xid, OptionalInt.empty(), OptionalInt.empty());
        }
    }

    /** The GPU fell off the bus or otherwise stopped answering. */
    record GpuLost(String gpuUuid) implements HealthEvent {
        public GpuLost {
            Objects.requireNonNull(gpuUuid, "gpuUuid");
        }
    }

    /** A GPU that was lost answers again. */
    record GpuBack(String gpuUuid) implements HealthEvent {
        public GpuBack {
            Objects.requireNonNull(gpuUuid, "gpuUuid");
        }
    }

    /** The device could not be put under watch (registration failed); it counts as unhealthy. */
    record Unmonitorable(String deviceUuid, String reason) implements HealthEvent {
        public Unmonitorable {
            Objects.requireNonNull(deviceUuid, "deviceUuid");
        }
    }

    /** Waiting for events failed (a transient error unless it repeats). */
    record WaitFailed(String reason) implements HealthEvent {
    }
}

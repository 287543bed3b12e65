package io.nvdp.simulator.profile;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A fault a node profile schedules; {@link #after()} counts from the moment the first health watch
 * starts. GPUs are named by NVML index.
 */
public sealed interface ScheduledFault {

    Duration after();

    /** An Xid critical error on a GPU; with a GPU instance and compute instance id it targets one MIG device. */
    record Xid(Duration after, int gpu, long xid, OptionalInt gpuInstanceId, OptionalInt computeInstanceId)
            implements ScheduledFault {
        public Xid {
            Objects.requireNonNull(after, "after");
            Objects.requireNonNull(gpuInstanceId, "gpuInstanceId");
            Objects.requireNonNull(computeInstanceId, "computeInstanceId");
        }
    }

    /** The GPU falls off the bus. */
    record Lost(Duration after, int gpu) implements ScheduledFault {
        public Lost {
            Objects.requireNonNull(after, "after");
        }
    }

    /** A lost GPU answers again. */
    record Back(Duration after, int gpu) implements ScheduledFault {
        public Back {
            Objects.requireNonNull(after, "after");
        }
    }

    /** Waiting for events fails once. */
    record WaitError(Duration after, String reason) implements ScheduledFault {
        public WaitError {
            Objects.requireNonNull(after, "after");
            Objects.requireNonNull(reason, "reason");
        }
    }
}

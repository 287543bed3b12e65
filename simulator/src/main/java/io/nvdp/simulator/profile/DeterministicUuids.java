package io.nvdp.simulator.profile;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * UUIDs for GPUs and MIG devices a profile does not name: name-based (RFC 4122 version 3), so the
 * same profile always yields the same node.
 */
public final class DeterministicUuids {
    private static final String HEX_UUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
    static final Pattern GPU_UUID = Pattern.compile("GPU-" + HEX_UUID);
    static final Pattern MIG_UUID = Pattern.compile("MIG-" + HEX_UUID);
    /** The pre-R470 form {@code MIG-GPU-<uuid>/<gi>/<ci>}. */
    static final Pattern LEGACY_MIG_UUID = Pattern.compile("MIG-(GPU-" + HEX_UUID + ")/(\\d+)/(\\d+)");

    private DeterministicUuids() {
    }

    /** {@code GPU-<uuid>} from the profile name and the GPU's index. */
    public static String gpuUuid(String profileName, int index) {
        return "GPU-" + nameUuid("nvdp-simulator/" + profileName + "/gpu/" + index);
    }

    /** {@code MIG-<uuid>} from the parent GPU's UUID and the instance ids. */
    public static String migUuid(String parentGpuUuid, int gpuInstanceId, int computeInstanceId) {
        return "MIG-" + nameUuid("nvdp-simulator/" + parentGpuUuid + "/gi/" + gpuInstanceId + "/ci/" + computeInstanceId);
    }

    private static UUID nameUuid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }
}

package io.nvdp.adapters.config.v1;

import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code devices} of a replicated resource: {@code all}, a count, or a list of device references
 * (GPU index, MIG index {@code <gpu>:<mig>}, GPU UUID or MIG UUID).
 */
public sealed interface ReplicatedDevices {
    All ALL = new All();

    /** Every device of the resource. */
    record All() implements ReplicatedDevices {}

    /** The first {@code count} devices; always > 0. */
    record Count(int count) implements ReplicatedDevices {
        public Count {
            if (count <= 0) {
                throw new IllegalArgumentException("devices set as '" + count + "' but a count of devices must be > 0");
            }
        }
    }

    /** Explicit references, each one accepted by {@link #isDeviceRef(String)}. */
    record DeviceList(List<String> refs) implements ReplicatedDevices {
        public DeviceList {
            refs = List.copyOf(refs);
        }
    }

    default boolean isAll() {
        return this instanceof All;
    }

    /** A GPU index, a MIG index, a GPU UUID or a MIG UUID (also the legacy {@code MIG-GPU-<uuid>/<gi>/<ci>}). */
    static boolean isDeviceRef(String ref) {
        return isUnsigned(ref) || isMigIndex(ref) || isGpuUuid(ref) || isMigUuid(ref);
    }

    private static boolean isMigIndex(String ref) {
        int colon = ref.indexOf(':');
        return colon >= 0 && isUnsigned(ref.substring(0, colon)) && isUnsigned(ref.substring(colon + 1));
    }

    private static boolean isGpuUuid(String ref) {
        return ref.startsWith("GPU-") && Uuids.isUuid(ref.substring(4));
    }

    private static boolean isMigUuid(String ref) {
        if (!ref.startsWith("MIG-")) {
            return false;
        }
        String suffix = ref.substring(4);
        if (Uuids.isUuid(suffix)) {
            return true;
        }
        String[] parts = suffix.split("/", 3);
        return parts.length == 3 && isGpuUuid(parts[0]) && isUnsigned(parts[1]) && isUnsigned(parts[2]);
    }

    /** Go's {@code strconv.ParseUint(s, 10, 0)}: decimal digits only, within 64 bits. */
    private static boolean isUnsigned(String s) {
        if (s.isEmpty() || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return false;
        }
        try {
            Long.parseUnsignedLong(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The UUID spellings google/uuid's {@code Parse} accepts. */
    final class Uuids {
        private static final Pattern HEX32 = Pattern.compile("[0-9a-fA-F]{32}");
        private static final Pattern DASHED = Pattern.compile(
                "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

        private Uuids() {}

        static boolean isUuid(String s) {
            return switch (s.length()) {
                case 32 -> HEX32.matcher(s).matches();
                case 36 -> DASHED.matcher(s).matches();
                case 38 -> s.startsWith("{") && s.endsWith("}") && DASHED.matcher(s.substring(1, 37)).matches();
                case 45 -> s.regionMatches(true, 0, "urn:uuid:", 0, 9) && DASHED.matcher(s.substring(9)).matches();
                default -> false;
            };
        }
    }
}

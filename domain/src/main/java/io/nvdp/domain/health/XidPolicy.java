package io.nvdp.domain.health;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which Xids mark devices unhealthy (spec 6), from the values of {@code DP_DISABLE_HEALTHCHECKS} and
 * {@code DP_ENABLE_HEALTHCHECKS} (HEAD semantics; the values are passed in, not read here).
 *
 * <p>Both take a comma-separated list of Xids; {@code all} or {@code xids} means every Xid (v0.14.1 also
 * disabled everything when the disable value merely contained {@code xids}, kept here). Application
 * errors ({@link #DEFAULT_IGNORED}) are ignored unless enabled; explicitly enabled Xids override both that
 * list and the disabled ones.
 */
public final class XidPolicy {
    /** Application errors: 13, 31, 43, 45, 68 (v0.14.1) and 109 (HEAD). */
    public static final Set<Long> DEFAULT_IGNORED = Set.of(13L, 31L, 43L, 45L, 68L, 109L);

    private final boolean disableAll;
    private final boolean enableAll;
    private final Set<Long> disabled;
    private final Set<Long> enabled;
    private final List<String> warnings;

    private XidPolicy(boolean disableAll, boolean enableAll, Set<Long> disabled, Set<Long> enabled, List<String> warnings) {
        this.disableAll = disableAll;
        this.enableAll = enableAll;
        this.disabled = Set.copyOf(disabled);
        this.enabled = Set.copyOf(enabled);
        this.warnings = List.copyOf(warnings);
    }

    /** Upstream's defaults: everything but the application errors counts. */
    public static XidPolicy defaults() {
        return parse(null, null);
    }

    /**
     * @param disableValue the value of {@code DP_DISABLE_HEALTHCHECKS}, null when unset
     * @param enableValue  the value of {@code DP_ENABLE_HEALTHCHECKS}, null when unset
     */
    public static XidPolicy parse(String disableValue, String enableValue) {
        List<String> warnings = new ArrayList<>();
        Set<Long> disabled = new TreeSet<>(DEFAULT_IGNORED);
        Set<Long> enabled = new TreeSet<>();
        boolean disableAll = parseInto(disableValue, "DP_DISABLE_HEALTHCHECKS", disabled, warnings);
        boolean enableAll = parseInto(enableValue, "DP_ENABLE_HEALTHCHECKS", enabled, warnings);
        return new XidPolicy(disableAll, enableAll, disabled, enabled, warnings);
    }

    /** @return whether the value means "every Xid" */
    private static boolean parseInto(String raw, String variable, Set<Long> into, List<String> warnings) {
        if (raw == null) {
            return false;
        }
        String value = raw.toLowerCase(Locale.ROOT).trim();
        boolean everything = value.equals("all") || value.contains("xids");
        for (String entry : value.split(",")) {
            String e = entry.trim();
            if (e.isEmpty() || e.equals("all") || e.equals("xids")) {
                everything |= e.equals("all");
                continue;
            }
            try {
                long xid = Long.parseLong(e);
                if (xid < 0) {
                    throw new NumberFormatException();
                }
                into.add(xid);
            } catch (NumberFormatException ex) {
                if (!e.contains("xids")) {
                    warnings.add("Ignoring malformed Xid value '" + e + "' in " + variable);
                }
            }
        }
        return everything;
    }

    /** Whether this Xid marks a device unhealthy. */
    public boolean isCritical(long xid) {
        if (enableAll || enabled.contains(xid)) {
            return true;
        }
        return !disableAll && !disabled.contains(xid);
    }

    /** Health checking is off: everything disabled and nothing enabled. */
    public boolean isDisabled() {
        return disableAll && !enableAll && enabled.isEmpty();
    }

    /** Malformed entries that were skipped, as log lines. */
    public List<String> warnings() {
        return warnings;
    }

    @Override
    public String toString() {
        if (isDisabled()) {
            return "XidPolicy[disabled]";
        }
        return "XidPolicy[disableAll=" + disableAll + ", enableAll=" + enableAll + ", ignored=" + new TreeSet<>(disabled)
                + ", enabled=" + new TreeSet<>(enabled) + "]";
    }
}

package io.nvdp.domain.model;

import io.nvdp.domain.DomainException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A MIG profile as go-nvlib names it: {@code <G>g.<GB>gb} when compute slices equal GPU slices,
 * else {@code <C>c.<G>g.<GB>gb}; attributes (e.g. {@code me}, HEAD's {@code me.all}) follow as {@code +a,b}.
 */
public record MigProfile(int computeSlices, int gpuSlices, int memoryGb, List<String> attributes) {
    private static final Pattern FORMAT =
            Pattern.compile("(?:(\\d+)c\\.)?(\\d+)g\\.(\\d+)gb(?:\\+([a-z0-9]+(?:\\.[a-z0-9]+)*(?:,[a-z0-9]+(?:\\.[a-z0-9]+)*)*))?");

    public MigProfile {
        if (gpuSlices <= 0 || computeSlices <= 0 || memoryGb <= 0) {
            throw new DomainException("invalid MIG profile: slices and memory must be positive: "
                    + computeSlices + "c." + gpuSlices + "g." + memoryGb + "gb");
        }
        attributes = List.copyOf(attributes);
    }

    /** Parses a profile name such as {@code 1g.5gb}, {@code 1c.2g.10gb} or {@code 1g.5gb+me}. */
    public static MigProfile parse(String name) {
        Matcher m = FORMAT.matcher(name == null ? "" : name);
        if (!m.matches()) {
            throw new DomainException("invalid MIG profile name: '" + name + "'");
        }
        int g = Integer.parseInt(m.group(2));
        int c = m.group(1) == null ? g : Integer.parseInt(m.group(1));
        int gb = Integer.parseInt(m.group(3));
        List<String> attrs = m.group(4) == null ? List.of() : List.of(m.group(4).split(","));
        return new MigProfile(c, g, gb, attrs);
    }

    /** True when the profile uses all compute slices of its GPU instance (the only ones mixed names). */
    public boolean isFullGpuInstance() {
        return computeSlices == gpuSlices;
    }

    public String name() {
        StringBuilder sb = new StringBuilder();
        if (computeSlices != gpuSlices) {
            sb.append(computeSlices).append("c.");
        }
        sb.append(gpuSlices).append("g.").append(memoryGb).append("gb");
        if (!attributes.isEmpty()) {
            sb.append('+').append(String.join(",", attributes));
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return name();
    }
}

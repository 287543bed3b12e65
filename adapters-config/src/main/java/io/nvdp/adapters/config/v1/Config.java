package io.nvdp.adapters.config.v1;

import java.util.Objects;

/**
 * The versioned config file ({@code version: v1}), as upstream's api/config/v1 keeps it. Every
 * option is nullable so that "unset" differs from false or empty; the sections themselves are
 * always present (upstream holds them by value).
 */
public record Config(String version, Flags flags, Resources resources, Sharing sharing) {
    /** The only schema version there is. */
    public static final String VERSION = "v1";

    public Config {
        Objects.requireNonNull(version, "version");
        flags = flags == null ? Flags.EMPTY : flags;
        resources = resources == null ? Resources.EMPTY : resources;
        sharing = sharing == null ? Sharing.NONE : sharing;
    }

    /** What an absent or empty config file means: every option unset, no sharing. */
    public static Config empty() {
        return new Config(VERSION, Flags.EMPTY, Resources.EMPTY, Sharing.NONE);
    }

    public Config withFlags(Flags newFlags) {
        return new Config(version, newFlags, resources, sharing);
    }

    public Config withResources(Resources newResources) {
        return new Config(version, flags, newResources, sharing);
    }

    public Config withSharing(Sharing newSharing) {
        return new Config(version, flags, resources, newSharing);
    }
}

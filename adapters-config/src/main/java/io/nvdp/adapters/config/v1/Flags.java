package io.nvdp.adapters.config.v1;

/**
 * {@code flags}: options shared by the plugin and GFD. {@code null} means "not set in the file".
 * {@code deviceDiscoveryStrategy} is upstream HEAD's key, not in v0.14.1.
 */
public record Flags(
        String migStrategy,
        Boolean failOnInitError,
        String nvidiaDriverRoot,
        Boolean gdsEnabled,
        Boolean mofedEnabled,
        String deviceDiscoveryStrategy,
        PluginFlags plugin,
        GfdFlags gfd) {

    public static final Flags EMPTY = new Flags(null, null, null, null, null, null, null, null);

    /** Upstream drops the GFD section before printing the plugin's config. */
    public Flags withoutGfd() {
        return new Flags(migStrategy, failOnInitError, nvidiaDriverRoot, gdsEnabled, mofedEnabled,
                deviceDiscoveryStrategy, plugin, null);
    }
}

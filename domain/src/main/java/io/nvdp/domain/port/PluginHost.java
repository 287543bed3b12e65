package io.nvdp.domain.port;

import io.nvdp.domain.model.ResourceName;
import io.nvdp.domain.plan.Reconciliation;
import java.util.Collection;
import java.util.Set;

/** Where device plugins are served to kubelet (and registered with it). */
public interface PluginHost {
    /**
     * Acts on {@code changes}: the plugins of replaced and retired resources stop being served, the
     * {@code fresh} ones (one per replaced or started resource) are served and registered, kept
     * ones stay untouched. The first call starts the host.
     *
     * @throws IllegalArgumentException when {@code fresh} does not match the replaced and started resources
     * @throws java.io.UncheckedIOException when a fresh plugin cannot be served (the others are)
     */
    void apply(Reconciliation changes, Collection<? extends DevicePlugin> fresh);

    /** The resources served now, each with a live server. */
    Set<ResourceName> serving();

    /** Stops serving everything; the host can be started again with {@link #apply}. */
    void stop();
}

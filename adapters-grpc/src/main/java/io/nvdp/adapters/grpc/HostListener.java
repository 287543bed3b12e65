package io.nvdp.adapters.grpc;

import io.nvdp.domain.model.ResourceName;

/** What a {@link DevicePluginHost} reports about registrations, e.g. for metrics. Must not block. */
public interface HostListener {
    HostListener NONE = new HostListener() {
    };

    /** kubelet accepted the registration of {@code resource}. */
    default void registered(ResourceName resource) {
    }

    /** Registering {@code resource} failed with {@code error}; it is retried. */
    default void registrationFailed(ResourceName resource, String error) {
    }

    /**
     * kubelet's socket was created again (kubelet restarted); every plugin is being registered again.
     * Upstream rebuilds its devices at this point, which a caller may do through {@code reconcile}.
     */
    default void kubeletRestarted() {
    }

    /** The socket of {@code resource} was served again after it disappeared or kubelet restarted. */
    default void serverRestarted(ResourceName resource) {
    }
}

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

    /** The socket of {@code resource} was served again after it disappeared or kubelet restarted. */
    default void serverRestarted(ResourceName resource) {
    }
}

package io.nvdp.domain.port;

import io.nvdp.domain.allocation.AllocationException;
import io.nvdp.domain.allocation.ContainerAllocation;
import io.nvdp.domain.allocation.PreferredAllocationRequest;
import io.nvdp.domain.model.AdvertisedDevice;
import io.nvdp.domain.model.ResourceName;
import java.util.List;

/**
 * Driving port: one advertised resource, as kubelet asks about it. The gRPC adapter translates
 * kubelet's messages to these calls and back. Implementations answer from memory only (no I/O).
 */
public interface DevicePlugin {

    ResourceName resource();

    /** The current devices with their health. */
    List<AdvertisedDevice> devices();

    /**
     * Watches the device list: the listener gets the full current list at once, then the full list
     * again after every change, and {@link DeviceListener#closed()} when the resource stops.
     */
    DeviceWatch watch(DeviceListener listener);

    /**
     * Answers an Allocate: one container allocation per container request (a list of device IDs).
     *
     * @throws AllocationException with upstream's text; the whole request fails
     */
    List<ContainerAllocation> allocate(List<List<String>> containerRequests);

    /**
     * Answers a GetPreferredAllocation: the preferred device IDs for each container request.
     *
     * @throws AllocationException only for impossible requests
     */
    List<List<String>> preferredAllocation(List<PreferredAllocationRequest> containerRequests);

    /** Receives device lists. Called from the domain's thread: implementations must not block. */
    interface DeviceListener {
        void devicesChanged(List<AdvertisedDevice> devices);

        void closed();
    }

    /** A running watch; close to stop receiving. */
    interface DeviceWatch extends AutoCloseable {
        @Override
        void close();
    }
}

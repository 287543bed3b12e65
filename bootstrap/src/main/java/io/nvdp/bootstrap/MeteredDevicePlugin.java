package io.nvdp.bootstrap;

import io.nvdp.bootstrap.metrics.PluginMetrics;
import io.nvdp.domain.allocation.ContainerAllocation;
import io.nvdp.domain.allocation.PreferredAllocationRequest;
import io.nvdp.domain.model.AdvertisedDevice;
import io.nvdp.domain.model.ResourceName;
import io.nvdp.domain.port.DevicePlugin;
import java.util.List;

/** Counts and times the allocation calls of one resource on their way into the domain. */
final class MeteredDevicePlugin implements DevicePlugin {
    private final DevicePlugin delegate;
    private final PluginMetrics metrics;
    private final String resource;

    MeteredDevicePlugin(DevicePlugin delegate, PluginMetrics metrics) {
        this.delegate = delegate;
        this.metrics = metrics;
        this.resource = delegate.resource().value();
    }

    @Override
    public ResourceName resource() {
        return delegate.resource();
    }

    @Override
    public List<AdvertisedDevice> devices() {
        return delegate.devices();
    }

    @Override
    public DeviceWatch watch(DeviceListener listener) {
        return delegate.watch(listener);
    }

    @Override
    public List<ContainerAllocation> allocate(List<List<String>> containerRequests) {
        long start = System.nanoTime();
        boolean ok = false;
        try {
            List<ContainerAllocation> result = delegate.allocate(containerRequests);
            ok = true;
            return result;
        } finally {
            metrics.allocation(resource, "Allocate", System.nanoTime() - start, ok);
        }
    }

    @Override
    public List<List<String>> preferredAllocation(List<PreferredAllocationRequest> containerRequests) {
        long start = System.nanoTime();
        boolean ok = false;
        try {
            List<List<String>> result = delegate.preferredAllocation(containerRequests);
            ok = true;
            return result;
        } finally {
            metrics.allocation(resource, "GetPreferredAllocation", System.nanoTime() - start, ok);
        }
    }
}

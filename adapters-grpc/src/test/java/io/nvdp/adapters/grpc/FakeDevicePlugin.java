package io.nvdp.adapters.grpc;

import io.nvdp.domain.allocation.AllocationException;
import io.nvdp.domain.allocation.ContainerAllocation;
import io.nvdp.domain.allocation.DeviceSpec;
import io.nvdp.domain.allocation.Mount;
import io.nvdp.domain.allocation.PreferredAllocationRequest;
import io.nvdp.domain.model.AdvertisedDevice;
import io.nvdp.domain.model.Health;
import io.nvdp.domain.model.ResourceName;
import io.nvdp.domain.port.DevicePlugin;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

/** A DevicePlugin held in memory: health can be changed and errors injected by the test. */
final class FakeDevicePlugin implements DevicePlugin {
    static final String ALLOCATE_ERROR = "invalid allocation request for 'nvidia.com/gpu': unknown device: GPU-x";

    private final ResourceName resource;
    private final List<DeviceListener> listeners = new CopyOnWriteArrayList<>();
    private volatile List<AdvertisedDevice> devices;
    private volatile String preferredError;
    private volatile boolean closed;

    FakeDevicePlugin(String resource, int gpus) {
        this.resource = ResourceName.of(resource);
        this.devices = IntStream.range(0, gpus).mapToObj(FakeDevicePlugin::gpu).toList();
    }

    static AdvertisedDevice gpu(int index) {
        return new AdvertisedDevice("GPU-" + index, String.valueOf(index), "GPU-" + index, "GPU-" + index,
                OptionalInt.empty(), List.of("/dev/nvidia" + index),
                index == 0 ? OptionalInt.of(1) : OptionalInt.empty(), Health.HEALTHY);
    }

    @Override
    public ResourceName resource() {
        return resource;
    }

    @Override
    public List<AdvertisedDevice> devices() {
        return devices;
    }

    @Override
    public synchronized DeviceWatch watch(DeviceListener listener) {
        listeners.add(listener);
        listener.devicesChanged(devices);
        if (closed) {
            listener.closed();
        }
        return () -> listeners.remove(listener);
    }

    int watchers() {
        return listeners.size();
    }

    synchronized void markUnhealthy(String id) {
        devices = devices.stream()
                .map(d -> d.id().equals(id) ? d.withHealth(Health.UNHEALTHY) : d)
                .toList();
        listeners.forEach(l -> l.devicesChanged(devices));
    }

    /** The resource stops, as on a reload that drops it. */
    synchronized void close() {
        closed = true;
        List.copyOf(listeners).forEach(DeviceListener::closed);
    }

    void failPreferredAllocation(String error) {
        preferredError = error;
    }

    @Override
    public List<ContainerAllocation> allocate(List<List<String>> containerRequests) {
        List<ContainerAllocation> answers = new ArrayList<>();
        for (List<String> ids : containerRequests) {
            if (ids.stream().anyMatch(id -> devices.stream().noneMatch(d -> d.id().equals(id)))) {
                throw new AllocationException(ALLOCATE_ERROR);
            }
            answers.add(new ContainerAllocation(
                    Map.of("NVIDIA_VISIBLE_DEVICES", String.join(",", ids)),
                    List.of(new Mount("/var/run/nvidia-container-devices/" + ids.get(0), "/dev/null", true)),
                    List.of(new DeviceSpec("/dev/nvidiactl", "/dev/nvidiactl", "rw")),
                    Map.of("cdi.k8s.io/nvidia-device-plugin", "nvidia.com/gpu=" + ids.get(0)),
                    List.of("nvidia.com/gpu=" + ids.get(0))));
        }
        return answers;
    }

    @Override
    public List<List<String>> preferredAllocation(List<PreferredAllocationRequest> containerRequests) {
        if (preferredError != null) {
            throw new AllocationException(preferredError);
        }
        return containerRequests.stream()
                .map(r -> r.available().subList(0, r.size()))
                .toList();
    }
}

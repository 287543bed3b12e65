package io.nvdp.adapters.grpc;

import io.nvdp.adapters.grpc.api.v1beta1.AllocateRequest;
import io.nvdp.adapters.grpc.api.v1beta1.AllocateResponse;
import io.nvdp.adapters.grpc.api.v1beta1.CDIDevice;
import io.nvdp.adapters.grpc.api.v1beta1.ContainerAllocateRequest;
import io.nvdp.adapters.grpc.api.v1beta1.ContainerAllocateResponse;
import io.nvdp.adapters.grpc.api.v1beta1.ContainerPreferredAllocationRequest;
import io.nvdp.adapters.grpc.api.v1beta1.ContainerPreferredAllocationResponse;
import io.nvdp.adapters.grpc.api.v1beta1.Device;
import io.nvdp.adapters.grpc.api.v1beta1.DeviceSpec;
import io.nvdp.adapters.grpc.api.v1beta1.ListAndWatchResponse;
import io.nvdp.adapters.grpc.api.v1beta1.Mount;
import io.nvdp.adapters.grpc.api.v1beta1.NUMANode;
import io.nvdp.adapters.grpc.api.v1beta1.PreferredAllocationRequest;
import io.nvdp.adapters.grpc.api.v1beta1.PreferredAllocationResponse;
import io.nvdp.adapters.grpc.api.v1beta1.TopologyInfo;
import io.nvdp.domain.allocation.ContainerAllocation;
import io.nvdp.domain.model.AdvertisedDevice;
import java.util.List;

/** Translation between kubelet's v1beta1 messages and the domain's values. */
final class DeviceMessages {
    private DeviceMessages() {
    }

    static ListAndWatchResponse listAndWatchResponse(List<AdvertisedDevice> devices) {
        ListAndWatchResponse.Builder response = ListAndWatchResponse.newBuilder();
        devices.forEach(device -> response.addDevices(device(device)));
        return response.build();
    }

    static Device device(AdvertisedDevice device) {
        Device.Builder wire = Device.newBuilder()
                .setID(device.id())
                .setHealth(device.health().wireValue());
        // Like upstream, the topology is only set when the NUMA node is known.
        device.numaNode().ifPresent(node -> wire.setTopology(
                TopologyInfo.newBuilder().addNodes(NUMANode.newBuilder().setID(node))));
        return wire.build();
    }

    static List<List<String>> containerRequests(AllocateRequest request) {
        return request.getContainerRequestsList().stream()
                .map(ContainerAllocateRequest::getDevicesIdsList)
                .<List<String>>map(List::copyOf)
                .toList();
    }

    static AllocateResponse allocateResponse(List<ContainerAllocation> allocations) {
        AllocateResponse.Builder response = AllocateResponse.newBuilder();
        allocations.forEach(allocation -> response.addContainerResponses(containerResponse(allocation)));
        return response.build();
    }

    static ContainerAllocateResponse containerResponse(ContainerAllocation allocation) {
        ContainerAllocateResponse.Builder wire = ContainerAllocateResponse.newBuilder()
                .putAllEnvs(allocation.envs())
                .putAllAnnotations(allocation.annotations());
        allocation.mounts().forEach(mount -> wire.addMounts(Mount.newBuilder()
                .setContainerPath(mount.containerPath())
                .setHostPath(mount.hostPath())
                .setReadOnly(mount.readOnly())));
        allocation.deviceSpecs().forEach(spec -> wire.addDevices(DeviceSpec.newBuilder()
                .setContainerPath(spec.containerPath())
                .setHostPath(spec.hostPath())
                .setPermissions(spec.permissions())));
        allocation.cdiDevices().forEach(name -> wire.addCdiDevices(CDIDevice.newBuilder().setName(name)));
        return wire.build();
    }

    static List<io.nvdp.domain.allocation.PreferredAllocationRequest> preferredRequests(
            PreferredAllocationRequest request) {
        return request.getContainerRequestsList().stream()
                .map(DeviceMessages::preferredRequest)
                .toList();
    }

    private static io.nvdp.domain.allocation.PreferredAllocationRequest preferredRequest(
            ContainerPreferredAllocationRequest wire) {
        return new io.nvdp.domain.allocation.PreferredAllocationRequest(
                wire.getAvailableDeviceIDsList(), wire.getMustIncludeDeviceIDsList(), wire.getAllocationSize());
    }

    static PreferredAllocationResponse preferredResponse(List<List<String>> preferred) {
        PreferredAllocationResponse.Builder response = PreferredAllocationResponse.newBuilder();
        preferred.forEach(ids -> response.addContainerResponses(
                ContainerPreferredAllocationResponse.newBuilder().addAllDeviceIDs(ids)));
        return response.build();
    }
}

package io.nvdp.adapters.grpc.api.v1beta1;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import io.grpc.MethodDescriptor.MethodType;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pins kubelet's v1beta1 wire contract: package, field names and numbers, method paths. */
class WireContractTest {

    @Test
    void everyMessageHasKubeletsFieldNumbers() {
        assertFields(DevicePluginOptions.getDescriptor(), Map.of("pre_start_required", 1,
                "get_preferred_allocation_available", 2));
        assertFields(RegisterRequest.getDescriptor(), Map.of("version", 1, "endpoint", 2, "resource_name", 3,
                "options", 4));
        assertFields(Empty.getDescriptor(), Map.of());
        assertFields(ListAndWatchResponse.getDescriptor(), Map.of("devices", 1));
        assertFields(TopologyInfo.getDescriptor(), Map.of("nodes", 1));
        assertFields(NUMANode.getDescriptor(), Map.of("ID", 1));
        assertFields(Device.getDescriptor(), Map.of("ID", 1, "health", 2, "topology", 3));
        assertFields(PreStartContainerRequest.getDescriptor(), Map.of("devices_ids", 1));
        assertFields(PreStartContainerResponse.getDescriptor(), Map.of());
        assertFields(PreferredAllocationRequest.getDescriptor(), Map.of("container_requests", 1));
        assertFields(ContainerPreferredAllocationRequest.getDescriptor(), Map.of("available_deviceIDs", 1,
                "must_include_deviceIDs", 2, "allocation_size", 3));
        assertFields(PreferredAllocationResponse.getDescriptor(), Map.of("container_responses", 1));
        assertFields(ContainerPreferredAllocationResponse.getDescriptor(), Map.of("deviceIDs", 1));
        assertFields(AllocateRequest.getDescriptor(), Map.of("container_requests", 1));
        assertFields(ContainerAllocateRequest.getDescriptor(), Map.of("devices_ids", 1));
        assertFields(AllocateResponse.getDescriptor(), Map.of("container_responses", 1));
        assertFields(ContainerAllocateResponse.getDescriptor(), Map.of("envs", 1, "mounts", 2, "devices", 3,
                "annotations", 4, "cdi_devices", 5));
        assertFields(Mount.getDescriptor(), Map.of("container_path", 1, "host_path", 2, "read_only", 3));
        assertFields(DeviceSpec.getDescriptor(), Map.of("container_path", 1, "host_path", 2, "permissions", 3));
        assertFields(CDIDevice.getDescriptor(), Map.of("name", 1));
    }

    @Test
    void messagesLiveInProtoPackageV1beta1() {
        assertThat(RegisterRequest.getDescriptor().getFullName()).isEqualTo("v1beta1.RegisterRequest");
        assertThat(RegisterRequest.getDescriptor().getFile().toProto().getSyntax()).isEqualTo("proto3");
    }

    @Test
    void methodsUseKubeletsPathsAndShapes() {
        assertThat(RegistrationApi.REGISTER.getFullMethodName()).isEqualTo("v1beta1.Registration/Register");
        assertThat(DevicePluginApi.GET_DEVICE_PLUGIN_OPTIONS.getFullMethodName())
                .isEqualTo("v1beta1.DevicePlugin/GetDevicePluginOptions");
        assertThat(DevicePluginApi.LIST_AND_WATCH.getFullMethodName()).isEqualTo("v1beta1.DevicePlugin/ListAndWatch");
        assertThat(DevicePluginApi.LIST_AND_WATCH.getType()).isEqualTo(MethodType.SERVER_STREAMING);
        assertThat(DevicePluginApi.GET_PREFERRED_ALLOCATION.getFullMethodName())
                .isEqualTo("v1beta1.DevicePlugin/GetPreferredAllocation");
        assertThat(DevicePluginApi.ALLOCATE.getFullMethodName()).isEqualTo("v1beta1.DevicePlugin/Allocate");
        assertThat(DevicePluginApi.PRE_START_CONTAINER.getFullMethodName())
                .isEqualTo("v1beta1.DevicePlugin/PreStartContainer");
        assertThat(DevicePluginApi.SERVICE.getMethods()).hasSize(5);
    }

    @Test
    void cdiDevicesAreEncodedAsField5() {
        byte[] wire = ContainerAllocateResponse.newBuilder()
                .addCdiDevices(CDIDevice.newBuilder().setName("a")).build().toByteArray();

        // tag (5 << 3 | length-delimited) = 0x2a, length 3, then CDIDevice{name(1)="a"} = 0x0a 0x01 'a'
        assertThat(wire).containsExactly(0x2a, 0x03, 0x0a, 0x01, 'a');
    }

    private static void assertFields(Descriptor message, Map<String, Integer> expected) {
        Map<String, Integer> actual = new LinkedHashMap<>();
        for (FieldDescriptor field : message.getFields()) {
            actual.put(field.getName(), field.getNumber());
        }
        assertThat(actual).as(message.getFullName()).containsExactlyInAnyOrderEntriesOf(expected);
    }
}

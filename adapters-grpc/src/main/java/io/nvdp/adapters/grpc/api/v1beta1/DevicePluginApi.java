package io.nvdp.adapters.grpc.api.v1beta1;

import com.google.protobuf.Message;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The {@code v1beta1.DevicePlugin} service (served by a device plugin, called by kubelet), described by
 * hand because no gRPC stub generator is part of the build.
 */
public final class DevicePluginApi {
    public static final String SERVICE_NAME = "v1beta1.DevicePlugin";

    public static final MethodDescriptor<Empty, DevicePluginOptions> GET_DEVICE_PLUGIN_OPTIONS =
            unary("GetDevicePluginOptions", Empty.getDefaultInstance(), DevicePluginOptions.getDefaultInstance());
    public static final MethodDescriptor<Empty, ListAndWatchResponse> LIST_AND_WATCH =
            MethodDescriptor.<Empty, ListAndWatchResponse>newBuilder()
                    .setType(MethodDescriptor.MethodType.SERVER_STREAMING)
                    .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE_NAME, "ListAndWatch"))
                    .setRequestMarshaller(ProtoUtils.marshaller(Empty.getDefaultInstance()))
                    .setResponseMarshaller(ProtoUtils.marshaller(ListAndWatchResponse.getDefaultInstance()))
                    .build();
    public static final MethodDescriptor<PreferredAllocationRequest, PreferredAllocationResponse>
            GET_PREFERRED_ALLOCATION = unary("GetPreferredAllocation",
                    PreferredAllocationRequest.getDefaultInstance(), PreferredAllocationResponse.getDefaultInstance());
    public static final MethodDescriptor<AllocateRequest, AllocateResponse> ALLOCATE =
            unary("Allocate", AllocateRequest.getDefaultInstance(), AllocateResponse.getDefaultInstance());
    public static final MethodDescriptor<PreStartContainerRequest, PreStartContainerResponse> PRE_START_CONTAINER =
            unary("PreStartContainer",
                    PreStartContainerRequest.getDefaultInstance(), PreStartContainerResponse.getDefaultInstance());

    public static final ServiceDescriptor SERVICE = ServiceDescriptor.newBuilder(SERVICE_NAME)
            .addMethod(GET_DEVICE_PLUGIN_OPTIONS)
            .addMethod(LIST_AND_WATCH)
            .addMethod(GET_PREFERRED_ALLOCATION)
            .addMethod(ALLOCATE)
            .addMethod(PRE_START_CONTAINER)
            .build();

    private DevicePluginApi() {
    }

    /** The server side of the service, in the shape of grpc-java's async stubs. */
    public interface Handler {
        void getDevicePluginOptions(Empty request, StreamObserver<DevicePluginOptions> response);

        void listAndWatch(Empty request, StreamObserver<ListAndWatchResponse> responses);

        void getPreferredAllocation(PreferredAllocationRequest request,
                StreamObserver<PreferredAllocationResponse> response);

        void allocate(AllocateRequest request, StreamObserver<AllocateResponse> response);

        void preStartContainer(PreStartContainerRequest request, StreamObserver<PreStartContainerResponse> response);
    }

    public static ServerServiceDefinition bind(Handler handler) {
        return ServerServiceDefinition.builder(SERVICE)
                .addMethod(GET_DEVICE_PLUGIN_OPTIONS, ServerCalls.asyncUnaryCall(handler::getDevicePluginOptions))
                .addMethod(LIST_AND_WATCH, ServerCalls.asyncServerStreamingCall(handler::listAndWatch))
                .addMethod(GET_PREFERRED_ALLOCATION, ServerCalls.asyncUnaryCall(handler::getPreferredAllocation))
                .addMethod(ALLOCATE, ServerCalls.asyncUnaryCall(handler::allocate))
                .addMethod(PRE_START_CONTAINER, ServerCalls.asyncUnaryCall(handler::preStartContainer))
                .build();
    }

    /** A blocking client for the unary calls and an async one for the stream, as kubelet uses them. */
    public record Client(Channel channel, Duration deadline) {

        public DevicePluginOptions getDevicePluginOptions() {
            return ClientCalls.blockingUnaryCall(channel, GET_DEVICE_PLUGIN_OPTIONS, options(),
                    Empty.getDefaultInstance());
        }

        public PreferredAllocationResponse getPreferredAllocation(PreferredAllocationRequest request) {
            return ClientCalls.blockingUnaryCall(channel, GET_PREFERRED_ALLOCATION, options(), request);
        }

        public AllocateResponse allocate(AllocateRequest request) {
            return ClientCalls.blockingUnaryCall(channel, ALLOCATE, options(), request);
        }

        public PreStartContainerResponse preStartContainer(PreStartContainerRequest request) {
            return ClientCalls.blockingUnaryCall(channel, PRE_START_CONTAINER, options(), request);
        }

        /** Opens the stream (without deadline); cancel the returned call to end it from this side. */
        public ClientCall<Empty, ListAndWatchResponse> listAndWatch(StreamObserver<ListAndWatchResponse> responses) {
            ClientCall<Empty, ListAndWatchResponse> call = channel.newCall(LIST_AND_WATCH, CallOptions.DEFAULT);
            ClientCalls.asyncServerStreamingCall(call, Empty.getDefaultInstance(), responses);
            return call;
        }

        private CallOptions options() {
            return CallOptions.DEFAULT.withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private static <Q extends Message, R extends Message> MethodDescriptor<Q, R> unary(
            String method, Q request, R response) {
        return MethodDescriptor.<Q, R>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE_NAME, method))
                .setRequestMarshaller(ProtoUtils.marshaller(request))
                .setResponseMarshaller(ProtoUtils.marshaller(response))
                .build();
    }
}

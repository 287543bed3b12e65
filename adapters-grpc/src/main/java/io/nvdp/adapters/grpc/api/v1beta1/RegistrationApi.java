package io.nvdp.adapters.grpc.api.v1beta1;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The {@code v1beta1.Registration} service (served by kubelet on {@code kubelet.sock}), described by hand. */
public final class RegistrationApi {
    public static final String SERVICE_NAME = "v1beta1.Registration";
    /** The API version a plugin registers with ({@code pluginapi.Version}). */
    public static final String VERSION = "v1beta1";

    public static final MethodDescriptor<RegisterRequest, Empty> REGISTER =
            MethodDescriptor.<RegisterRequest, Empty>newBuilder()
                    .setType(MethodDescriptor.MethodType.UNARY)
                    .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE_NAME, "Register"))
                    .setRequestMarshaller(ProtoUtils.marshaller(RegisterRequest.getDefaultInstance()))
                    .setResponseMarshaller(ProtoUtils.marshaller(Empty.getDefaultInstance()))
                    .build();

    public static final ServiceDescriptor SERVICE = ServiceDescriptor.newBuilder(SERVICE_NAME)
            .addMethod(REGISTER)
            .build();

    private RegistrationApi() {
    }

    /** The server side: kubelet (or its emulator). */
    @FunctionalInterface
    public interface Handler {
        void register(RegisterRequest request, StreamObserver<Empty> response);
    }

    public static ServerServiceDefinition bind(Handler handler) {
        return ServerServiceDefinition.builder(SERVICE)
                .addMethod(REGISTER, ServerCalls.asyncUnaryCall(handler::register))
                .build();
    }

    /** Calls {@code Register} and waits for the answer at most {@code deadline}. */
    public static Empty register(Channel channel, RegisterRequest request, Duration deadline) {
        return ClientCalls.blockingUnaryCall(channel, REGISTER,
                CallOptions.DEFAULT.withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS), request);
    }
}

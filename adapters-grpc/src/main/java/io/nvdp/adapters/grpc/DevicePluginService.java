package io.nvdp.adapters.grpc;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.nvdp.adapters.grpc.api.v1beta1.AllocateRequest;
import io.nvdp.adapters.grpc.api.v1beta1.AllocateResponse;
import io.nvdp.adapters.grpc.api.v1beta1.DevicePluginApi;
import io.nvdp.adapters.grpc.api.v1beta1.DevicePluginOptions;
import io.nvdp.adapters.grpc.api.v1beta1.Empty;
import io.nvdp.adapters.grpc.api.v1beta1.ListAndWatchResponse;
import io.nvdp.adapters.grpc.api.v1beta1.PreStartContainerRequest;
import io.nvdp.adapters.grpc.api.v1beta1.PreStartContainerResponse;
import io.nvdp.adapters.grpc.api.v1beta1.PreferredAllocationRequest;
import io.nvdp.adapters.grpc.api.v1beta1.PreferredAllocationResponse;
import io.nvdp.domain.DomainException;
import io.nvdp.domain.model.AdvertisedDevice;
import io.nvdp.domain.port.DevicePlugin;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@code v1beta1.DevicePlugin} handlers for one domain {@link DevicePlugin}. */
public final class DevicePluginService implements DevicePluginApi.Handler {
    private static final Logger LOG = LoggerFactory.getLogger(DevicePluginService.class);

    /** Upstream offers preferred allocation and never needs PreStartContainer. */
    public static final DevicePluginOptions OPTIONS = DevicePluginOptions.newBuilder()
            .setPreStartRequired(false)
            .setGetPreferredAllocationAvailable(true)
            .build();

    static final String PREFERRED_ALLOCATION_ERROR = "error getting list of preferred allocation devices: ";

    private final DevicePlugin plugin;
    private final Set<DeviceStream> streams = ConcurrentHashMap.newKeySet();

    public DevicePluginService(DevicePlugin plugin) {
        this.plugin = plugin;
    }

    @Override
    public void getDevicePluginOptions(Empty request, StreamObserver<DevicePluginOptions> response) {
        response.onNext(OPTIONS);
        response.onCompleted();
    }

    @Override
    public void listAndWatch(Empty request, StreamObserver<ListAndWatchResponse> responses) {
        DeviceStream stream = new DeviceStream((ServerCallStreamObserver<ListAndWatchResponse>) responses);
        streams.add(stream);
        stream.begin();
    }

    @Override
    public void getPreferredAllocation(PreferredAllocationRequest request,
            StreamObserver<PreferredAllocationResponse> response) {
        try {
            List<List<String>> preferred = plugin.preferredAllocation(DeviceMessages.preferredRequests(request));
            response.onNext(DeviceMessages.preferredResponse(preferred));
            response.onCompleted();
        } catch (RuntimeException e) {
            response.onError(failure(PREFERRED_ALLOCATION_ERROR + message(e), e));
        }
    }

    @Override
    public void allocate(AllocateRequest request, StreamObserver<AllocateResponse> response) {
        try {
            AllocateResponse answer = DeviceMessages.allocateResponse(
                    plugin.allocate(DeviceMessages.containerRequests(request)));
            response.onNext(answer);
            response.onCompleted();
        } catch (RuntimeException e) {
            // Upstream returns the error as-is, which grpc-go sends as UNKNOWN with the text.
            response.onError(failure(message(e), e));
        }
    }

    @Override
    public void preStartContainer(PreStartContainerRequest request,
            StreamObserver<PreStartContainerResponse> response) {
        response.onNext(PreStartContainerResponse.getDefaultInstance());
        response.onCompleted();
    }

    /** Ends every open ListAndWatch stream normally, as upstream's returning ListAndWatch does. */
    public void endStreams() {
        streams.forEach(DeviceStream::end);
    }

    /** Open ListAndWatch streams (for tests and metrics). */
    public int openStreams() {
        return streams.size();
    }

    private io.grpc.StatusRuntimeException failure(String description, RuntimeException e) {
        if (!(e instanceof DomainException)) {
            LOG.warn("'{}' failed to answer kubelet: {}", plugin.resource(), description, e);
        }
        return Status.UNKNOWN.withDescription(description).asRuntimeException();
    }

    private static String message(RuntimeException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /**
     * One ListAndWatch stream. Lists are full snapshots, so while the transport is not ready only the
     * newest is kept: the domain's thread never blocks and a slow kubelet gets the latest state.
     */
    private final class DeviceStream implements DevicePlugin.DeviceListener {
        private final ServerCallStreamObserver<ListAndWatchResponse> observer;
        private ListAndWatchResponse pending;
        private DevicePlugin.DeviceWatch watch;
        private boolean ended;

        DeviceStream(ServerCallStreamObserver<ListAndWatchResponse> observer) {
            this.observer = observer;
            observer.setOnCancelHandler(this::cancelled);
            observer.setOnReadyHandler(this::drain);
        }

        void begin() {
            DevicePlugin.DeviceWatch started = plugin.watch(this);
            synchronized (this) {
                if (!ended) {
                    watch = started;
                    return;
                }
            }
            started.close();
        }

        @Override
        public synchronized void devicesChanged(List<AdvertisedDevice> devices) {
            if (ended) {
                return;
            }
            pending = DeviceMessages.listAndWatchResponse(devices);
            drain();
        }

        @Override
        public void closed() {
            end();
        }

        synchronized void drain() {
            if (!ended && pending != null && observer.isReady()) {
                observer.onNext(pending);
                pending = null;
            }
        }

        /** The resource or the server stops: flush the newest list, then complete the stream. */
        void end() {
            DevicePlugin.DeviceWatch toClose;
            synchronized (this) {
                if (ended) {
                    return;
                }
                ended = true;
                toClose = watch;
                if (!observer.isCancelled()) {
                    if (pending != null) {
                        observer.onNext(pending);
                    }
                    observer.onCompleted();
                }
            }
            finish(toClose);
        }

        private void cancelled() {
            DevicePlugin.DeviceWatch toClose;
            synchronized (this) {
                if (ended) {
                    return;
                }
                ended = true;
                toClose = watch;
            }
            finish(toClose);
        }

        private void finish(DevicePlugin.DeviceWatch toClose) {
            streams.remove(this);
            if (toClose != null) {
                toClose.close();
            }
        }
    }
}

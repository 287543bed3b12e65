package io.nvdp.adapters.grpc;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.StatusRuntimeException;
import io.nvdp.adapters.grpc.api.UnixSocketTransport;
import io.nvdp.adapters.grpc.api.v1beta1.DevicePluginApi;
import io.nvdp.adapters.grpc.api.v1beta1.DevicePluginOptions;
import io.nvdp.adapters.grpc.api.v1beta1.RegisterRequest;
import io.nvdp.adapters.grpc.api.v1beta1.RegistrationApi;
import io.nvdp.domain.model.ResourceName;
import io.nvdp.domain.port.DevicePlugin;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one {@link DevicePlugin} as kubelet's {@code v1beta1.DevicePlugin} on the unix socket
 * {@code <dir>/nvidia-<resource short name>.sock}. Can be started again after {@link #stop()}.
 */
public final class DevicePluginServer {
    private static final Logger LOG = LoggerFactory.getLogger(DevicePluginServer.class);
    static final Duration DIAL_TIMEOUT = Duration.ofSeconds(5);

    private final DevicePlugin plugin;
    private final Path socket;
    private final UnixSocketTransport transport;
    private Server server;
    private DevicePluginService service;

    public DevicePluginServer(DevicePlugin plugin, Path socketDirectory, UnixSocketTransport transport) {
        this.plugin = plugin;
        this.socket = socketPath(socketDirectory, plugin.resource());
        this.transport = transport;
    }

    /** Upstream's socket name: {@code nvidia.com/gpu} -> {@code <dir>/nvidia-gpu.sock}. */
    public static Path socketPath(Path socketDirectory, ResourceName resource) {
        return socketDirectory.resolve("nvidia-" + resource.shortName() + ".sock");
    }

    public DevicePlugin plugin() {
        return plugin;
    }

    public ResourceName resource() {
        return plugin.resource();
    }

    public Path socket() {
        return socket;
    }

    /** What this server sends to kubelet's {@code Register}. */
    public RegisterRequest registerRequest() {
        return RegisterRequest.newBuilder()
                .setVersion(RegistrationApi.VERSION)
                .setEndpoint(socket.getFileName().toString())
                .setResourceName(plugin.resource().value())
                .setOptions(DevicePluginService.OPTIONS)
                .build();
    }

    public synchronized boolean isServing() {
        return server != null && !server.isShutdown();
    }

    /**
     * Removes a stale socket, listens, and checks the server answers on its own socket.
     *
     * @throws IOException when the socket cannot be served; nothing is left running then
     */
    public synchronized void start() throws IOException {
        if (isServing()) {
            return;
        }
        Files.deleteIfExists(socket);
        service = new DevicePluginService(plugin);
        server = transport.serve(socket, List.of(DevicePluginApi.bind(service)));
        try {
            verify();
        } catch (IOException | RuntimeException e) {
            stop();
            throw e;
        }
        LOG.info("Starting GRPC server for '{}'", plugin.resource());
        LOG.info("Starting to serve '{}' on {}", plugin.resource(), socket);
    }

    /** Ends ListAndWatch streams, stops the server and removes the socket file. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        service.endStreams();
        server.shutdown();
        try {
            if (!server.awaitTermination(1, TimeUnit.SECONDS)) {
                server.shutdownNow().awaitTermination(1, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
        server = null;
        service = null;
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            LOG.warn("Could not remove socket {}: {}", socket, e.toString());
        }
        LOG.info("Stopped GRPC server for '{}'", plugin.resource());
    }

    /** Open ListAndWatch streams, 0 when stopped. */
    public synchronized int openStreams() {
        return service == null ? 0 : service.openStreams();
    }

    /** One line for logs: file system errors name the file and the reason, not just the path. */
    static String describe(IOException e) {
        if (e instanceof FileSystemException fse) {
            String reason = fse.getReason() != null ? fse.getReason() : e.getClass().getSimpleName();
            return fse.getFile() + ": " + reason;
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }

    private void verify() throws IOException {
        ManagedChannel channel = transport.channel(socket);
        try {
            DevicePluginOptions options = new DevicePluginApi.Client(channel, DIAL_TIMEOUT).getDevicePluginOptions();
            if (!options.equals(DevicePluginService.OPTIONS)) {
                throw new IOException("unexpected answer on " + socket + ": " + options);
            }
        } catch (StatusRuntimeException e) {
            throw new IOException("failed to dial " + socket + ": " + e.getStatus(), e);
        } finally {
            channel.shutdownNow();
        }
    }
}

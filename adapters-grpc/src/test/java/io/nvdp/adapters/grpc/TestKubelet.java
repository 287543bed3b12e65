package io.nvdp.adapters.grpc;

import io.grpc.Server;
import io.grpc.stub.StreamObserver;
import io.nvdp.adapters.grpc.api.UnixSocketTransport;
import io.nvdp.adapters.grpc.api.v1beta1.Empty;
import io.nvdp.adapters.grpc.api.v1beta1.RegisterRequest;
import io.nvdp.adapters.grpc.api.v1beta1.RegistrationApi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Just kubelet's Registration service on a real unix socket (the full emulator lives in simulator). */
final class TestKubelet implements AutoCloseable {
    final Path socket;
    private final UnixSocketTransport transport = new UnixSocketTransport("test-kubelet", 1);
    private final List<RegisterRequest> registrations = new ArrayList<>();
    private Server server;

    TestKubelet(Path socket) {
        this.socket = socket;
    }

    synchronized TestKubelet listen() throws IOException {
        Files.deleteIfExists(socket);
        server = transport.serve(socket, List.of(RegistrationApi.bind(this::register)));
        return this;
    }

    /** Deletes and re-creates kubelet.sock, as a kubelet restart does. */
    synchronized void restart() throws IOException {
        server.shutdownNow();
        awaitTermination();
        listen();
    }

    private void register(RegisterRequest request, StreamObserver<Empty> response) {
        synchronized (this) {
            registrations.add(request);
            notifyAll();
        }
        response.onNext(Empty.getDefaultInstance());
        response.onCompleted();
    }

    synchronized List<RegisterRequest> registrations() {
        return List.copyOf(registrations);
    }

    synchronized long count(String resource) {
        return registrations.stream().filter(r -> r.getResourceName().equals(resource)).count();
    }

    /** Waits until {@code resource} registered {@code times} times in all; false on timeout. */
    synchronized boolean awaitCount(String resource, long times, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (count(resource) < times) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        synchronized (this) {
            if (server != null) {
                server.shutdownNow();
                awaitTermination();
            }
        }
        Files.deleteIfExists(socket);
        transport.close();
    }

    private void awaitTermination() {
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

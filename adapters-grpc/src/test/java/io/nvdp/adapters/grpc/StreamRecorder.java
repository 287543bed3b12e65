package io.nvdp.adapters.grpc;

import io.grpc.stub.StreamObserver;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Collects a client stream's messages; waits on a queue, never sleeps. */
final class StreamRecorder<T> implements StreamObserver<T> {
    private final BlockingQueue<T> messages = new LinkedBlockingQueue<>();
    final CompletableFuture<Throwable> ended = new CompletableFuture<>();

    @Override
    public void onNext(T value) {
        messages.add(value);
    }

    @Override
    public void onError(Throwable t) {
        ended.complete(t);
    }

    @Override
    public void onCompleted() {
        ended.complete(null);
    }

    /** The next message, failing after 5 s without one. */
    T next() throws InterruptedException {
        T message = messages.poll(5, TimeUnit.SECONDS);
        if (message == null) {
            throw new AssertionError("no stream message within 5 s");
        }
        return message;
    }

    /** Waits for the stream's end; null when it completed normally, else the error. */
    Throwable awaitEnd() throws Exception {
        return ended.get(5, TimeUnit.SECONDS);
    }
}

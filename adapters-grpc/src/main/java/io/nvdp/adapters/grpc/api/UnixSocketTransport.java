package io.nvdp.adapters.grpc.api;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * gRPC over unix domain sockets with one small event loop group (and, unless made by
 * {@link #onEventLoops}, one small executor) shared by every server and channel made from it, so a
 * node with many resources still runs a handful of threads.
 * Threads are daemons and all end on {@link #close()}.
 */
public final class UnixSocketTransport implements AutoCloseable {
    /**
     * The largest request a server takes: an Allocate or GetPreferredAllocation naming every device
     * of the largest resource fits; a bigger message fails alone with RESOURCE_EXHAUSTED before it
     * is buffered, so that a few big requests cannot use up the direct memory the other calls need.
     */
    public static final int MAX_REQUEST_BYTES = 2 * 1024 * 1024;
    /** What the channels send as {@code :authority}: as grpc-go does for a unix socket. */
    static final String AUTHORITY = "localhost";

    private final EventLoopGroup eventLoops;
    private final ThreadPoolExecutor executor;

    /**
     * A transport whose calls are handled on an executor of {@code threads} threads, apart from the
     * event loops: for handlers that may block (a kubelet emulator connecting back, test clients).
     *
     * @param name    thread name prefix, e.g. {@code nvdp-grpc}
     * @param threads event loop threads and executor threads (each), at least 1
     */
    public UnixSocketTransport(String name, int threads) {
        this(name, threads, true);
    }

    private UnixSocketTransport(String name, int threads, boolean withExecutor) {
        TransportLogs.install();
        if (!Epoll.isAvailable()) {
            throw new IllegalStateException("unix domain sockets need netty's epoll transport, which is unavailable: "
                    + Epoll.unavailabilityCause());
        }
        eventLoops = new EpollEventLoopGroup(threads, daemonThreads(name + "-io"));
        if (withExecutor) {
            // The queue absorbs bursts.
            executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                    daemonThreads(name + "-call"));
            executor.allowCoreThreadTimeOut(true);
        } else {
            executor = null;
        }
    }

    /**
     * A transport that runs handlers and client callbacks on its event loop threads, for handlers that
     * answer from memory and never block: each call then crosses no thread of this process but the
     * event loop's, which is what a kubelet waits on (two thread hand-offs fewer per call).
     */
    public static UnixSocketTransport onEventLoops(String name, int threads) {
        return new UnixSocketTransport(name, threads, false);
    }

    /** Listens on {@code socket} (which must not exist) and starts serving the services. */
    public Server serve(Path socket, List<ServerServiceDefinition> services) throws IOException {
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new DomainSocketAddress(socket.toString()))
                .channelType(EpollServerDomainSocketChannel.class)
                .bossEventLoopGroup(eventLoops)
                .workerEventLoopGroup(eventLoops)
                .maxInboundMessageSize(MAX_REQUEST_BYTES)
                // grpc sets TCP keepalive by default; a unix socket has none and netty warns on each accept
                .withChildOption(ChannelOption.SO_KEEPALIVE, null);
        if (executor == null) {
            builder.directExecutor();
        } else {
            builder.executor(executor);
        }
        services.forEach(builder::addService);
        return builder.build().start();
    }

    /** A channel to the server listening on {@code socket}; connects lazily. */
    public ManagedChannel channel(Path socket) {
        NettyChannelBuilder builder = NettyChannelBuilder.forAddress(new DomainSocketAddress(socket.toString()))
                .channelType(EpollDomainSocketChannel.class)
                .eventLoopGroup(eventLoops)
                .withOption(ChannelOption.SO_KEEPALIVE, null)
                // Not the socket path: HTTP/2 servers other than grpc-go's reset such a stream.
                .overrideAuthority(AUTHORITY)
                .usePlaintext();
        if (executor == null) {
            builder.directExecutor();
        } else {
            builder.executor(executor);
        }
        return builder.build();
    }

    /**
     * The executor of the calls.
     *
     * @throws IllegalStateException on a transport made by {@link #onEventLoops}, which has none
     */
    public ExecutorService executor() {
        if (executor == null) {
            throw new IllegalStateException("this transport handles its calls on its event loops");
        }
        return executor;
    }

    /** Ends every thread of this transport; servers and channels made from it must be shut down first. */
    @Override
    public void close() {
        if (executor != null) {
            executor.shutdownNow();
        }
        eventLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        try {
            if (executor != null) {
                executor.awaitTermination(5, TimeUnit.SECONDS);
            }
            eventLoops.terminationFuture().await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}

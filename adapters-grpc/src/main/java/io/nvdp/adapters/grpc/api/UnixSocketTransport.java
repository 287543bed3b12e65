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
 * gRPC over unix domain sockets with one small event loop group and one small executor shared by every
 * server and channel made from it, so a node with many resources still runs a handful of threads.
 * Threads are daemons and all end on {@link #close()}.
 */
public final class UnixSocketTransport implements AutoCloseable {
    private final EventLoopGroup eventLoops;
    private final ThreadPoolExecutor executor;

    /**
     * @param name    thread name prefix, e.g. {@code nvdp-grpc}
     * @param threads event loop threads and executor threads (each), at least 1
     */
    public UnixSocketTransport(String name, int threads) {
        if (!Epoll.isAvailable()) {
            throw new IllegalStateException("unix domain sockets need netty's epoll transport, which is unavailable: "
                    + Epoll.unavailabilityCause());
        }
        eventLoops = new EpollEventLoopGroup(threads, daemonThreads(name + "-io"));
        // Handlers answer from memory, so a few threads are plenty; the queue absorbs bursts.
        executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                daemonThreads(name + "-call"));
        executor.allowCoreThreadTimeOut(true);
    }

    /**
     * Loads netty's native epoll library and links the server and channel classes, without opening
     * anything. Loading them takes a good part of a second; a daemon calls this on a spare thread at
     * start so that the work overlaps with reading its configuration and discovering the node.
     */
    public static void preload() {
        if (!Epoll.isAvailable()) {
            return;
        }
        DomainSocketAddress nowhere = new DomainSocketAddress("/nonexistent/preload.sock");
        NettyServerBuilder.forAddress(nowhere).channelType(EpollServerDomainSocketChannel.class);
        NettyChannelBuilder.forAddress(nowhere).channelType(EpollDomainSocketChannel.class).usePlaintext();
    }

    /** Listens on {@code socket} (which must not exist) and starts serving the services. */
    public Server serve(Path socket, List<ServerServiceDefinition> services) throws IOException {
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new DomainSocketAddress(socket.toString()))
                .channelType(EpollServerDomainSocketChannel.class)
                .bossEventLoopGroup(eventLoops)
                .workerEventLoopGroup(eventLoops)
                .executor(executor)
                // grpc sets TCP keepalive by default; a unix socket has none and netty warns on each accept
                .withChildOption(ChannelOption.SO_KEEPALIVE, null);
        services.forEach(builder::addService);
        return builder.build().start();
    }

    /** A channel to the server listening on {@code socket}; connects lazily. */
    public ManagedChannel channel(Path socket) {
        return NettyChannelBuilder.forAddress(new DomainSocketAddress(socket.toString()))
                .channelType(EpollDomainSocketChannel.class)
                .eventLoopGroup(eventLoops)
                .executor(executor)
                .withOption(ChannelOption.SO_KEEPALIVE, null)
                .usePlaintext()
                .build();
    }

    public ExecutorService executor() {
        return executor;
    }

    /** Ends every thread of this transport; servers and channels made from it must be shut down first. */
    @Override
    public void close() {
        executor.shutdownNow();
        eventLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
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

package io.nvdp.simulator.fault;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the fault control line protocol (see {@link FaultControlClient}) on a unix domain socket,
 * injecting into a {@link SimulatedHealthEvents}. Lives apart from health watches, so the socket stays
 * while plugins restart. {@link #close()} stops every thread it started and removes the socket file.
 */
public final class FaultControlServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FaultControlServer.class);
    private static final long CLOSE_WAIT_MILLIS = 2_000;
    private static final AtomicInteger CONNECTION_NUMBERS = new AtomicInteger();

    private final Path socketPath;
    private final SimulatedHealthEvents target;
    private final ServerSocketChannel server;
    private final Thread acceptor;
    private final Set<SocketChannel> connections = ConcurrentHashMap.newKeySet();
    private final Set<Thread> handlers = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();

    private FaultControlServer(Path socketPath, SimulatedHealthEvents target) throws IOException {
        this.socketPath = socketPath;
        this.target = target;
        Files.deleteIfExists(socketPath);
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(socketPath));
        } catch (IOException e) {
            server.close();
            throw e;
        }
        this.acceptor = new Thread(this::acceptLoop, SimulatedHealthEvents.THREAD_NAME_PREFIX + "-control");
        acceptor.setDaemon(true);
    }

    /**
     * Binds {@code socketPath} (replacing a stale socket file) and starts serving.
     *
     * @throws UncheckedIOException with a one-line message when the socket cannot be bound
     */
    public static FaultControlServer open(Path socketPath, SimulatedHealthEvents target) {
        Objects.requireNonNull(socketPath, "socketPath");
        Objects.requireNonNull(target, "target");
        FaultControlServer server;
        try {
            server = new FaultControlServer(socketPath, target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open fault control socket " + socketPath + ": " + e.getMessage(), e);
        }
        server.acceptor.start();
        LOG.info("Fault control socket listening on {}", socketPath);
        return server;
    }

    public Path socketPath() {
        return socketPath;
    }

    private void acceptLoop() {
        while (!closed.get()) {
            SocketChannel connection;
            try {
                connection = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (!closed.get()) {
                    LOG.warn("Fault control socket accept failed: {}", e.toString());
                }
                return;
            }
            connections.add(connection);
            Thread handler = new Thread(() -> serve(connection),
                    SimulatedHealthEvents.THREAD_NAME_PREFIX + "-control-" + CONNECTION_NUMBERS.incrementAndGet());
            handler.setDaemon(true);
            handlers.add(handler);
            if (closed.get()) {
                closeQuietly(connection);
                handlers.remove(handler);
                return;
            }
            handler.start();
        }
    }

    private void serve(SocketChannel connection) {
        try (connection;
             BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(connection),
                     StandardCharsets.UTF_8));
             OutputStream out = Channels.newOutputStream(connection)) {
            String line;
            while ((line = in.readLine()) != null) {
                String reply = FaultProtocol.execute(line, target);
                LOG.info("Fault control: '{}' -> {}", line.strip(), reply);
                out.write((reply + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException e) {
            if (!closed.get()) {
                LOG.debug("Fault control connection ended: {}", e.toString());
            }
        } finally {
            connections.remove(connection);
            handlers.remove(Thread.currentThread());
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closeQuietly(server);
        connections.forEach(FaultControlServer::closeQuietly);
        join(acceptor);
        handlers.forEach(FaultControlServer::join);
        try {
            Files.deleteIfExists(socketPath);
        } catch (IOException e) {
            LOG.warn("Cannot remove fault control socket {}: {}", socketPath, e.toString());
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join(CLOSE_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(java.nio.channels.Channel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}

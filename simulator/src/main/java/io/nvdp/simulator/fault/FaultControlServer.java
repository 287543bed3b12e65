package io.nvdp.simulator.fault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the fault control line protocol (see {@link FaultControlClient}) on a unix domain socket,
 * injecting into a {@link SimulatedHealthEvents}. One thread runs one event loop for every
 * connection, so that no client decides how many threads there are; a line is at most
 * {@link #MAX_LINE_BYTES} long (a longer one is answered with an error and skipped), and a deleted socket file is made again within a second. Lives apart
 * from health watches, so the socket stays while plugins restart. {@link #close()} stops the thread
 * and removes the socket file.
 */
public final class FaultControlServer implements AutoCloseable {
    /** The longest command line; a longer one is answered with one error line and skipped. */
    public static final int MAX_LINE_BYTES = 4096;
    /** Connections served at once; one more is answered with an error and closed. */
    public static final int MAX_CONNECTIONS = 64;

    private static final Logger LOG = LoggerFactory.getLogger(FaultControlServer.class);
    private static final long CLOSE_WAIT_MILLIS = 2_000;
    private static final long CHECK_SOCKET_MILLIS = 500;
    /** How much of a line the log shows. */
    private static final int LOGGED_CHARS = 200;

    private final Path socketPath;
    private final SimulatedHealthEvents target;
    private final Selector selector;
    private final Thread loop;
    private final AtomicBoolean closed = new AtomicBoolean();
    private ServerSocketChannel server;
    private Object boundFile;

    /** A connection's bytes of the line being read. */
    private static final class Connection {
        final ByteBuffer line = ByteBuffer.allocate(MAX_LINE_BYTES + 1);
        /** After an over-long line was answered: its rest is skipped up to the next line break. */
        boolean skipping;
    }

    private FaultControlServer(Path socketPath, SimulatedHealthEvents target) throws IOException {
        this.socketPath = socketPath;
        this.target = target;
        this.selector = Selector.open();
        try {
            bind();
        } catch (IOException e) {
            selector.close();
            throw e;
        }
        this.loop = new Thread(this::run, SimulatedHealthEvents.THREAD_NAME_PREFIX + "-control");
        loop.setDaemon(true);
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
        server.loop.start();
        LOG.info("Fault control socket listening on {}", socketPath);
        return server;
    }

    public Path socketPath() {
        return socketPath;
    }

    private void bind() throws IOException {
        Files.deleteIfExists(socketPath);
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.bind(UnixDomainSocketAddress.of(socketPath));
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        server = channel;
        boundFile = fileKey();
    }

    private Object fileKey() {
        try {
            return Files.readAttributes(socketPath, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    private void run() {
        long nextCheck = System.nanoTime();
        try {
            while (!closed.get()) {
                selector.select(CHECK_SOCKET_MILLIS);
                for (Iterator<SelectionKey> it = selector.selectedKeys().iterator(); it.hasNext(); ) {
                    SelectionKey key = it.next();
                    it.remove();
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isAcceptable()) {
                        accept((ServerSocketChannel) key.channel());
                    } else if (key.isReadable()) {
                        read(key);
                    }
                }
                if (System.nanoTime() - nextCheck >= 0) {
                    nextCheck = System.nanoTime() + CHECK_SOCKET_MILLIS * 1_000_000;
                    rebindIfGone();
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            if (!closed.get()) {
                LOG.warn("Fault control socket stopped: {}", e.toString());
            }
        }
    }

    /** Someone removed or replaced the socket file: clients could no longer reach us. */
    private void rebindIfGone() {
        Object now = fileKey();
        if (now != null && now.equals(boundFile)) {
            return;
        }
        try {
            server.close();
            bind();
            LOG.info("Fault control socket {} was removed; listening on it again", socketPath);
        } catch (IOException e) {
            LOG.warn("Fault control socket {} was removed and cannot be made again: {}", socketPath, e.getMessage());
        }
    }

    private void accept(ServerSocketChannel channel) throws IOException {
        SocketChannel connection = channel.accept();
        if (connection == null) {
            return;
        }
        if (selector.keys().size() > MAX_CONNECTIONS) {
            reply(connection, FaultProtocol.ERROR_PREFIX + "too many connections (at most " + MAX_CONNECTIONS + ")");
            closeQuietly(connection);
            return;
        }
        connection.configureBlocking(false);
        connection.register(selector, SelectionKey.OP_READ, new Connection());
    }

    private void read(SelectionKey key) {
        SocketChannel connection = (SocketChannel) key.channel();
        Connection state = (Connection) key.attachment();
        try {
            ByteBuffer chunk = ByteBuffer.allocate(1024);
            int n = connection.read(chunk);
            if (n < 0) {
                closeQuietly(connection);
                return;
            }
            chunk.flip();
            while (chunk.hasRemaining()) {
                byte b = chunk.get();
                if (b == '\n') {
                    if (!state.skipping) {
                        state.line.flip();
                        answer(connection, StandardCharsets.UTF_8.decode(state.line).toString());
                    }
                    state.skipping = false;
                    state.line.clear();
                } else if (state.skipping) {
                    continue;
                } else if (state.line.remaining() > 1) {
                    state.line.put(b);
                } else {
                    reply(connection, FaultProtocol.ERROR_PREFIX + "line longer than " + MAX_LINE_BYTES + " bytes");
                    LOG.info("Fault control: a line longer than {} bytes, not read", MAX_LINE_BYTES);
                    state.skipping = true;
                }
            }
        } catch (IOException e) {
            LOG.debug("Fault control connection ended: {}", e.toString());
            closeQuietly(connection);
        }
    }

    private void answer(SocketChannel connection, String line) throws IOException {
        String reply = FaultProtocol.execute(line.replace("\r", ""), target);
        String shown = line.strip();
        LOG.info("Fault control: '{}' -> {}", shown.length() > LOGGED_CHARS ? shown.substring(0, LOGGED_CHARS) + "..."
                : shown, reply);
        reply(connection, reply);
    }

    /** Replies are short: a socket that cannot take one at once is a client not reading, dropped. */
    private static void reply(SocketChannel connection, String reply) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap((reply + "\n").getBytes(StandardCharsets.UTF_8));
        connection.write(bytes);
        if (bytes.hasRemaining()) {
            throw new IOException("client does not read its replies");
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        selector.wakeup();
        try {
            loop.join(CLOSE_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (SelectionKey key : selector.keys()) {
            closeQuietly(key.channel());
        }
        closeQuietly(server);
        try {
            selector.close();
        } catch (IOException e) {
            // closing anyway
        }
        try {
            Files.deleteIfExists(socketPath);
        } catch (IOException e) {
            LOG.warn("Cannot remove fault control socket {}: {}", socketPath, e.toString());
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

package io.nvdp.bootstrap.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Serves {@code /metrics} (Prometheus text) and {@code /healthz} (liveness) on one small thread. */
public final class MetricsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);

    private final HttpServer server;

    private MetricsServer(HttpServer server) {
        this.server = server;
    }

    /**
     * @param address {@code host:port} or {@code :port}
     * @param alive   whether the daemon is alive (its lifecycle loop answers)
     */
    public static MetricsServer start(String address, PluginMetrics metrics, BooleanSupplier alive) throws IOException {
        InetSocketAddress bind = parse(address);
        HttpServer server = HttpServer.create(bind, 8);
        server.createContext("/metrics", exchange -> respond(exchange, 200,
                "text/plain; version=0.0.4; charset=utf-8", metrics.scrape()));
        server.createContext("/healthz", exchange -> {
            boolean ok = alive.getAsBoolean();
            respond(exchange, ok ? 200 : 503, "text/plain; charset=utf-8", ok ? "ok\n" : "not serving\n");
        });
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "nvdp-metrics");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        LOG.info("Serving metrics on http://{}:{}/metrics", bind.getHostString(), server.getAddress().getPort());
        return new MetricsServer(server);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    static InetSocketAddress parse(String address) {
        int colon = address.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("invalid --metrics-address '" + address + "': expected host:port");
        }
        String host = address.substring(0, colon);
        int port;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid --metrics-address '" + address + "': port is not a number");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("invalid --metrics-address '" + address + "': port out of range");
        }
        return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}

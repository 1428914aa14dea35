package dev.streamscore.drift.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.streamscore.drift.query.QueryResult;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * drift-stream's HTTP endpoint (the JDK's own server), JSON only, GET only:
 * <ul>
 *   <li>{@code /health}: 200 with {@code {"state":"RUNNING"}} while Kafka Streams is RUNNING, 503
 *       with its state otherwise, for container liveness/readiness probes;</li>
 *   <li>the interactive queries routed to it with {@link #route} ({@code /metrics/latest},
 *       {@code /alerts/open}).</li>
 * </ul>
 * Binds to loopback unless told otherwise. A few threads, so that two instances forwarding a query
 * to each other at the same time never wait on each other's only thread.
 */
public final class DriftHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DriftHttpServer.class);
    private static final int THREADS = 4;
    private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private final HttpServer server;
    private final ExecutorService executor;

    private DriftHttpServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts serving on {@code host:port} (port 0: any free port), with {@code /health} only. */
    public static DriftHttpServer start(String host, int port, Supplier<String> state) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "drift-http-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        DriftHttpServer http = new DriftHttpServer(server, executor);
        http.route("/health", query -> {
            String s = state.get();
            return new QueryResult("RUNNING".equals(s) ? 200 : 503, Map.of("state", s));
        });
        server.start();
        LOG.info("HTTP endpoint on http://{}:{}/health", host, server.getAddress().getPort());
        return http;
    }

    /** Serves GET {@code path} with {@code handler}, which gets the decoded query parameters. */
    public void route(String path, Function<Map<String, String>, QueryResult> handler) {
        server.createContext(path, exchange -> handle(exchange, path, handler));
    }

    /**
     * Serves every request under {@code path} with {@code handler} as it is (the dashboard's page and
     * assets, which are not JSON); {@code /} receives every path no other route claims.
     */
    public void serve(String path, HttpHandler handler) {
        server.createContext(path, handler);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void handle(HttpExchange exchange, String path, Function<Map<String, String>, QueryResult> handler)
            throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            // createContext matches by prefix; /health/x is not /health.
            if (!exchange.getRequestURI().getPath().equals(path)) {
                write(exchange, QueryResult.error(404, "no such endpoint: " + exchange.getRequestURI().getPath()));
                return;
            }
            QueryResult result;
            try {
                result = handler.apply(parameters(exchange.getRequestURI()));
            } catch (RuntimeException e) {
                LOG.warn("Query {} failed", exchange.getRequestURI(), e);
                result = QueryResult.error(500, e.toString());
            }
            write(exchange, result);
        }
    }

    private static void write(HttpExchange exchange, QueryResult result) throws IOException {
        byte[] body = JSON.writeValueAsBytes(result.body());
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(result.status(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    static Map<String, String> parameters(URI uri) {
        Map<String, String> parameters = new HashMap<>();
        String query = uri.getRawQuery();
        if (query == null || query.isEmpty()) {
            return parameters;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            parameters.put(name, value);
        }
        return parameters;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}

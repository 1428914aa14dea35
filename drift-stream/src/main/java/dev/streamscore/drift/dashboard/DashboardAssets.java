package dev.streamscore.drift.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Serves the dashboard's page and assets from the jar (no CDN: the page must work where there is no
 * internet): {@code /} and {@code /dashboard} give the page, {@code /dashboard/<asset>} its scripts
 * and style sheet. Anything else this handler is asked for (it sits at the root, so every path no
 * other endpoint claims reaches it) is a 404 with a JSON error, like the other endpoints.
 */
final class DashboardAssets implements HttpHandler {
    static final String RESOURCES = "/dev/streamscore/drift/dashboard/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> ASSETS = Map.of(
            "index.html", "text/html; charset=utf-8",
            "dashboard.css", "text/css; charset=utf-8",
            "charts.js", "text/javascript; charset=utf-8",
            "dashboard.js", "text/javascript; charset=utf-8");

    private final Map<String, byte[]> content;

    DashboardAssets() {
        // Read once: a missing asset is a packaging error and should fail the start, not a request.
        content = Map.of(
                "index.html", read("index.html"),
                "dashboard.css", read("dashboard.css"),
                "charts.js", read("charts.js"),
                "dashboard.js", read("dashboard.js"));
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!"GET".equals(method) && !"HEAD".equals(method)) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            String asset = asset(exchange.getRequestURI().getPath());
            if (asset == null) {
                byte[] body = JSON.writeValueAsBytes(Map.of("error", "no such page or endpoint: "
                        + exchange.getRequestURI().getPath()));
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(404, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
                return;
            }
            byte[] body = content.get(asset);
            exchange.getResponseHeaders().set("Content-Type", ASSETS.get(asset));
            // The page polls live data; the assets are small, and a stale script after an upgrade is worse.
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            exchange.sendResponseHeaders(200, "HEAD".equals(method) ? -1 : body.length);
            if (!"HEAD".equals(method)) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    /** The asset a path names, or null. */
    static String asset(String path) {
        if ("/".equals(path) || "/dashboard".equals(path) || "/dashboard/".equals(path)) {
            return "index.html";
        }
        if (path.startsWith("/dashboard/")) {
            String name = path.substring("/dashboard/".length());
            return ASSETS.containsKey(name) && !"index.html".equals(name) ? name : null;
        }
        return null;
    }

    private static byte[] read(String name) {
        try (InputStream in = DashboardAssets.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("dashboard asset " + RESOURCES + name + " is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String name) {
        return new String(read(name), StandardCharsets.UTF_8);
    }
}

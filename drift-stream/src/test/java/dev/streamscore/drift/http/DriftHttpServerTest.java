package dev.streamscore.drift.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamscore.drift.query.QueryResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class DriftHttpServerTest {
    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void healthIsOkOnlyWhileRunning() throws Exception {
        AtomicReference<String> state = new AtomicReference<>("REBALANCING");
        try (DriftHttpServer server = DriftHttpServer.start("127.0.0.1", 0, state::get)) {
            HttpResponse<String> starting = get(server, "/health");
            assertThat(starting.statusCode()).isEqualTo(503);
            assertThat(starting.body()).isEqualTo("{\"state\":\"REBALANCING\"}");
            state.set("RUNNING");
            HttpResponse<String> running = get(server, "/health");
            assertThat(running.statusCode()).isEqualTo(200);
            assertThat(running.body()).isEqualTo("{\"state\":\"RUNNING\"}");
        }
    }

    @Test
    void routesGetDecodedParametersAndAnswerJson() throws Exception {
        try (DriftHttpServer server = DriftHttpServer.start("127.0.0.1", 0, () -> "RUNNING")) {
            server.route("/metrics/latest", q -> q.containsKey("model")
                    ? QueryResult.ok(Map.of("model", q.get("model"))) : QueryResult.error(400, "model is required"));
            HttpResponse<String> ok = get(server, "/metrics/latest?model=fraud%401&local=true");
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(ok.body()).isEqualTo("{\"model\":\"fraud@1\"}");
            assertThat(get(server, "/metrics/latest").statusCode()).isEqualTo(400);
            assertThat(get(server, "/metrics/latest/x").statusCode()).isEqualTo(404);
            assertThat(client.send(HttpRequest.newBuilder(uri(server, "/health")).POST(HttpRequest.BodyPublishers.noBody())
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(405);
        }
    }

    private HttpResponse<String> get(DriftHttpServer server, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(server, path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(DriftHttpServer server, String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }
}

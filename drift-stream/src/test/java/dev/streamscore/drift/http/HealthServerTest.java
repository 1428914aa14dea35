package dev.streamscore.drift.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class HealthServerTest {

    @Test
    void healthIsOkOnlyWhileRunning() throws Exception {
        AtomicReference<String> state = new AtomicReference<>("REBALANCING");
        try (HealthServer server = HealthServer.start("127.0.0.1", 0, state::get)) {
            HttpClient client = HttpClient.newHttpClient();
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health")).build();
            HttpResponse<String> starting = client.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(starting.statusCode()).isEqualTo(503);
            assertThat(starting.body()).isEqualTo("{\"state\":\"REBALANCING\"}");
            state.set("RUNNING");
            HttpResponse<String> running = client.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(running.statusCode()).isEqualTo(200);
            assertThat(running.body()).isEqualTo("{\"state\":\"RUNNING\"}");
        }
    }
}

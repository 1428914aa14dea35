package dev.streamscore.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.node.TextNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.streamscore.schemas.SchemaFixtures;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP behaviour a real registry cannot be made to show on demand (a 503, a 409 body, a hung
 * socket): retries, backoff, failover and error mapping, against a scripted endpoint on loopback.
 * The client's work against a real registry is covered by SchemaRegistryClientIT.
 */
class RestSchemaRegistryClientTest {
    private final List<HttpServer> servers = new ArrayList<>();
    private final List<String> authorizations = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void stopServers() {
        servers.forEach(s -> s.stop(0));
    }

    @Test
    void retriesServerErrorsThenSucceeds() {
        AtomicInteger calls = new AtomicInteger();
        String url = serve(exchange -> {
            if (calls.incrementAndGet() < 3) {
                respond(exchange, 503, "{\"error_code\":50301,\"message\":\"busy\"}");
            } else {
                respond(exchange, 200, "{\"id\":7}");
            }
        });
        RestSchemaRegistryClient client = new RestSchemaRegistryClient(config(url, 3));
        assertThat(client.register("clicks-value", SchemaFixtures.CLICK_V1)).isEqualTo(7);
        assertThat(calls).hasValue(3);
    }

    @Test
    void conflictIsAnIncompatibleSchemaAndIsNotRetried() {
        AtomicInteger calls = new AtomicInteger();
        String url = serve(exchange -> {
            calls.incrementAndGet();
            if (!exchange.getRequestURI().getPath().endsWith("/versions")) {
                respond(exchange, 404, "{\"error_code\":40403,\"message\":\"Schema not found\"}");
                return;
            }
            respond(exchange, 409, "{\"error_code\":409,\"message\":\"Schema being registered is incompatible\"}");
        });
        RestSchemaRegistryClient client = new RestSchemaRegistryClient(config(url, 3));
        assertThatThrownBy(() -> client.register("clicks-value", SchemaFixtures.CLICK_V1))
                .isInstanceOfSatisfying(IncompatibleSchemaException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(409);
                    assertThat(e.errorCode()).isEqualTo(409);
                })
                .hasMessageContaining("clicks-value")
                .hasMessageContaining("Schema being registered is incompatible");
        assertThat(calls).as("one register, one lookup, no retry").hasValue(2);
    }

    @Test
    void aConcurrentFirstRegistrationThatLosesTheRaceStillGetsTheId() {
        String url = serve(exchange -> {
            if (exchange.getRequestURI().getPath().endsWith("/versions")) {
                respond(exchange, 409, "{\"error_code\":409,\"message\":\"An artifact with ID 'a-value' already exists\"}");
            } else {
                respond(exchange, 200, "{\"subject\":\"a-value\",\"id\":12,\"version\":1,\"schema\":"
                        + TextNode.valueOf(SchemaFixtures.CLICK_V1.toString()) + "}");
            }
        });
        assertThat(new RestSchemaRegistryClient(config(url, 0)).register("a-value", SchemaFixtures.CLICK_V1)).isEqualTo(12);
    }

    @Test
    void unknownIdIsSchemaNotFound() {
        String url = serve(exchange -> respond(exchange, 404, "{\"error_code\":40403,\"message\":\"Schema 9 not found\"}"));
        RestSchemaRegistryClient client = new RestSchemaRegistryClient(config(url, 3));
        assertThatThrownBy(() -> client.getById(9))
                .isInstanceOfSatisfying(SchemaNotFoundException.class, e -> assertThat(e.errorCode()).isEqualTo(40403))
                .hasMessageContaining("schema id 9");
    }

    /** A registry should refuse it, but a reader must not recurse forever if one holds such a cycle. */
    @Test
    void aCycleOfSchemaReferencesIsAClearError() {
        String url = serve(exchange -> {
            String path = exchange.getRequestURI().getPath();
            String next = path.contains("/subjects/a/") ? "b" : "a";
            respond(exchange, 200, "{\"schema\":\"\\\"string\\\"\",\"references\":[{\"name\":\"x\",\"subject\":\""
                    + next + "\",\"version\":1}]}");
        });
        RestSchemaRegistryClient client = new RestSchemaRegistryClient(config(url, 0));
        assertThatThrownBy(() -> client.getById(3))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("schema id 3 has a cycle of schema references")
                .hasMessageContaining("subject 'a' version 1 -> subject 'b' version 1 -> subject 'a' version 1");
    }

    @Test
    void sendsBasicAuthAndMapsRefusalToAuthError() {
        String url = serve(exchange -> respond(exchange, 401, "{\"error_code\":401,\"message\":\"Unauthorized\"}"));
        SchemaRegistryClientConfig config = SchemaRegistryClientConfig.fromProperties(Map.of(
                "schema.registry.url", url, "basic.auth.user.info", "svc:pw"));
        assertThatThrownBy(() -> new RestSchemaRegistryClient(config).subjects())
                .isInstanceOf(SchemaRegistryAuthException.class);
        assertThat(authorizations).containsExactly("Basic c3ZjOnB3");
    }

    @Test
    void failsOverToTheNextUrl() {
        String down = "http://127.0.0.1:" + freePort();
        String up = serve(exchange -> respond(exchange, 200, "[\"a-value\"]"));
        RestSchemaRegistryClient client = new RestSchemaRegistryClient(config(down + "," + up, 1));
        assertThat(client.subjects()).containsExactly("a-value");
    }

    @Test
    void unreachableRegistryIsAClearErrorAfterTheRetries() {
        String url = "http://127.0.0.1:" + freePort();
        RestSchemaRegistryClient client = new RestSchemaRegistryClient(config(url, 2));
        assertThatThrownBy(() -> client.getById(1))
                .isInstanceOf(SchemaRegistryUnavailableException.class)
                .hasMessageContaining(url)
                .hasMessageContaining("3 attempt(s)")
                .hasMessageContaining("get schema id 1");
    }

    @Test
    void aRegistryThatNeverAnswersTimesOutInsteadOfHanging() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String url = "http://127.0.0.1:" + silent.getLocalPort();
            SchemaRegistryClientConfig config = config(url, 1).withRetries(Duration.ofMillis(300), 1, Duration.ofMillis(10));
            RestSchemaRegistryClient client = new RestSchemaRegistryClient(config);
            // The bound only separates "timed out" from "hung"; it is far above 2 x 300 ms.
            assertTimeoutPreemptively(Duration.ofSeconds(30), () ->
                    assertThatThrownBy(() -> client.getById(1))
                            .isInstanceOf(SchemaRegistryUnavailableException.class)
                            .hasMessageContaining("timeout 300 ms"));
        }
    }

    private static SchemaRegistryClientConfig config(String urls, int retries) {
        return SchemaRegistryClientConfig.fromProperties(Map.of(
                "schema.registry.url", urls,
                "schema.registry.max.retries", String.valueOf(retries),
                "schema.registry.retry.backoff.ms", "5",
                "http.read.timeout.ms", "2000"));
    }

    private interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    private String serve(Handler handler) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                String auth = exchange.getRequestHeaders().getFirst("Authorization");
                if (auth != null) {
                    authorizations.add(auth);
                }
                exchange.getRequestBody().readAllBytes();
                handler.handle(exchange);
            });
            server.start();
            servers.add(server);
            return "http://127.0.0.1:" + server.getAddress().getPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

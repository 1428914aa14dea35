package dev.streamscore.drift.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Asks another drift-stream instance (its {@code application.server}) for its local part of a
 * query, over the same HTTP API with {@code local=true}, so a forwarded query is never forwarded
 * again.
 */
public final class PeerClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** GET {@code pathAndQuery} on {@code host}; a peer that cannot be reached answers 503. */
    public QueryResult get(HostInfo host, String pathAndQuery) {
        URI uri = URI.create("http://" + host.host() + ":" + host.port() + pathAndQuery);
        try {
            HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            Object body = response.body().length == 0 ? null : JSON.readValue(response.body(), Object.class);
            return new QueryResult(response.statusCode(), body);
        } catch (IOException e) {
            return QueryResult.error(503, "instance " + host.host() + ":" + host.port() + " did not answer: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return QueryResult.error(503, "interrupted while asking " + host.host() + ":" + host.port());
        }
    }
}

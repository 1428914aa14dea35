package dev.streamscore.drift.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamscore.drift.http.DriftHttpServer;
import dev.streamscore.drift.query.QueryResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DashboardAssetsTest {
    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void servesThePageAndItsAssetsFromTheJarAndA404ForAnythingElse() throws Exception {
        try (DriftHttpServer server = DriftHttpServer.start("127.0.0.1", 0, () -> "RUNNING")) {
            server.route("/alerts/open", q -> QueryResult.ok(Map.of("alerts", java.util.List.of())));
            server.serve("/", new DashboardAssets());

            for (String page : new String[] {"/", "/dashboard", "/dashboard/"}) {
                HttpResponse<String> r = get(server, page);
                assertThat(r.statusCode()).as(page).isEqualTo(200);
                assertThat(r.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
                assertThat(r.body()).contains("<title>StreamScore drift monitor</title>", "/dashboard/charts.js");
            }
            HttpResponse<String> js = get(server, "/dashboard/charts.js");
            assertThat(js.statusCode()).isEqualTo(200);
            assertThat(js.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
            assertThat(get(server, "/dashboard/dashboard.css").body()).contains(".feature-chart");
            // The page references no other host: it must work without internet.
            assertThat(get(server, "/").body() + js.body() + get(server, "/dashboard/dashboard.js").body())
                    .doesNotContain("https://", "//cdn");

            for (String bad : new String[] {"/nope", "/dashboard/index.html", "/dashboard/../pom.xml", "/dashboard/x.js"}) {
                HttpResponse<String> r = get(server, bad);
                assertThat(r.statusCode()).as(bad).isEqualTo(404);
                assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
                assertThat(r.body()).startsWith("{\"error\":");
            }
            assertThat(get(server, "/alerts/open").body()).as("other routes keep their paths").isEqualTo("{\"alerts\":[]}");
            assertThat(client.send(HttpRequest.newBuilder(uri(server, "/")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(405);
        }
    }

    private HttpResponse<String> get(DriftHttpServer server, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(server, path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(DriftHttpServer server, String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }
}

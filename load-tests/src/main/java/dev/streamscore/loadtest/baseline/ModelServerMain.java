package dev.streamscore.loadtest.baseline;

import dev.streamscore.config.ConfigValues;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.streamscore.model.bundle.ModelBundle;
import dev.streamscore.model.tf.TfScorer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.concurrent.Executors;

/**
 * Baseline (d), the server side: the same TF model behind a local HTTP endpoint, as a model server
 * (TF Serving, a Python service) would be called. {@code POST /v1/score} with rows of
 * little-endian float32 features answers one float32 score per row. Scoring is single-threaded per
 * request, like the in-process scorer; two handler threads.
 *
 * <p>{@code ModelServerMain --bundle DIR --port P}; logs "READY" once it listens on 127.0.0.1.
 */
public final class ModelServerMain {
    private ModelServerMain() {
    }

    public static void main(String[] argv) throws IOException {
        // The JDK server writes headers and body separately; without TCP_NODELAY, Nagle's algorithm
        // and the client's delayed ACK hold every small response for ~40 ms (seen as ~75 ms per call).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        ConfigValues args = BaselineJobs.settings(argv);
        ModelBundle bundle = ModelBundle.load(Path.of(args.required("bundle")));
        TfScorer scorer = bundle.openScorer();
        int width = scorer.featureCount();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", args.integer("port", 0, 1)), 256);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.createContext("/v1/score", exchange -> score(exchange, scorer, width));
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0)));
        System.out.println("READY " + bundle.card().key() + " on port " + server.getAddress().getPort());
    }

    private static void score(HttpExchange exchange, TfScorer scorer, int width) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            int rows = body.length / 4 / width;
            float[] features = new float[rows * width];
            ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(features);
            float[] scores = new float[rows];
            scorer.score(features, rows, scores);
            ByteBuffer reply = ByteBuffer.allocate(rows * 4).order(ByteOrder.LITTLE_ENDIAN);
            reply.asFloatBuffer().put(scores);
            exchange.sendResponseHeaders(200, rows * 4L);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply.array());
            }
        } catch (RuntimeException e) {
            exchange.sendResponseHeaders(500, -1);
        } finally {
            exchange.close();
        }
    }
}

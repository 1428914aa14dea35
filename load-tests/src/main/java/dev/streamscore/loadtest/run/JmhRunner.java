package dev.streamscore.loadtest.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamscore.local.LocalProcess;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the JMH inference benchmarks ({@code InferenceBenchmark}, {@code ForwardPassBenchmark}) in
 * a JVM of their own and reads JMH's JSON result. Short iterations (1 s) so the report stays
 * within its time budget; forks 0 by default (one JVM for all parameter sets, TF loaded once per
 * model), {@code --jmh-forks 1} for the textbook setup.
 */
final class JmhRunner {
    private JmhRunner() {
    }

    static List<JmhRow> run(Path models, Path out, int forks, boolean quick, PrintStream console)
            throws IOException, InterruptedException {
        Path json = out.resolve("jmh.json").toAbsolutePath();
        List<String> args = new ArrayList<>(List.of("dev.streamscore.loadtest.jmh.*",
                "-f", Integer.toString(forks), "-wi", "1", "-w", "1s", "-i", quick ? "1" : "2", "-r", "1s",
                "-rf", "json", "-rff", json.toString(), "-jvmArgsAppend", "-Dstreamscore.bench.models=" + models.toAbsolutePath()));
        if (quick) {
            args.addAll(List.of("-p", "batch=1,64"));
        }
        Path dir = out.toAbsolutePath();
        try (LocalProcess jmh = LocalProcess.start("jmh", dir, dir.resolve("logs"), System.getProperty("java.class.path"),
                List.of("-Xmx1g", "-Dstreamscore.bench.models=" + models.toAbsolutePath()),
                "org.openjdk.jmh.Main", args)) {
            long deadline = System.currentTimeMillis() + 300_000;
            while (jmh.isAlive() && System.currentTimeMillis() < deadline) {
                Thread.sleep(5000);
                String log = jmh.logSinceStart();
                int at = log.lastIndexOf("# Benchmark: ");
                if (at >= 0) {
                    console.println("    jmh: " + log.substring(at, log.indexOf('\n', at)).trim()
                            + " " + lastParams(log));
                }
            }
        }
        if (!Files.exists(json)) {
            console.println("    jmh: no result (see " + out.resolve("logs/jmh.log") + ")");
            return List.of();
        }
        return parse(Files.readString(json));
    }

    private static String lastParams(String log) {
        int at = log.lastIndexOf("# Parameters: ");
        return at < 0 ? "" : log.substring(at + 14, log.indexOf('\n', at)).trim();
    }

    static List<JmhRow> parse(String json) throws IOException {
        List<JmhRow> rows = new ArrayList<>();
        for (JsonNode n : new ObjectMapper().readTree(json)) {
            String benchmark = n.get("benchmark").asText();
            JsonNode params = n.get("params");
            JsonNode metric = n.get("primaryMetric");
            double error = metric.get("scoreError").asDouble();
            rows.add(new JmhRow(benchmark.substring(benchmark.lastIndexOf('.') + 1), params.get("model").asText(),
                    params.get("batch").asInt(), metric.get("score").asDouble(), Double.isNaN(error) ? 0 : error));
        }
        return rows;
    }
}

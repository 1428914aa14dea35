package dev.streamscore.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatorMainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path dir;

    private int run(String... args) {
        return run(Map.of(), args);
    }

    private int run(Map<String, String> environment, String... args) {
        return SimulatorMain.run(args, environment, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void aTrainingFileIgnoresTheLiveSettingsAContainersEnvironmentCarriesButNotLiveFlags() throws Exception {
        // As compose's model service runs it: the environment every StreamScore container shares.
        Map<String, String> container = Map.of("STREAMSCORE_BOOTSTRAP_SERVERS", "kafka:19092",
                "STREAMSCORE_REGISTRY_URL", "http://registry:8080/apis/ccompat/v7", "STREAMSCORE_KAFKA_ACKS", "all");
        Path file = dir.resolve("train.csv");
        assertThat(run(container, "--out", file.toString(), "--rows", "10")).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(Files.readAllLines(file)).hasSize(11);

        assertThat(run("--out", file.toString(), "--bootstrap-servers", "kafka:19092")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--bootstrap-servers does not apply to a training file");
        assertThat(run("--out", file.toString(), "--kafka.acks", "all")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--kafka.acks does not apply to a training file");
    }

    @Test
    void writesATrainingFile() throws Exception {
        Path file = dir.resolve("train.csv");
        int code = run("--rows", "200", "--seed=5", "--out", file.toString(), "--scenario", "stationary,skew_bug_cents@1s",
                "--rate", "100");

        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(201);
        assertThat(lines.get(1)).startsWith("txn-5-0,");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Wrote 200 rows").contains("CSV");
    }

    @Test
    void theFormatFollowsTheExtensionUnlessGiven() throws Exception {
        assertThat(run("--rows", "10", "--out", dir.resolve("t.avro").toString())).isZero();
        assertThat(new String(Files.readAllBytes(dir.resolve("t.avro")), 0, 3, StandardCharsets.ISO_8859_1)).isEqualTo("Obj");
        assertThat(run("--rows", "10", "--out", dir.resolve("t.data").toString(), "--format", "avro")).isZero();
        assertThat(new String(Files.readAllBytes(dir.resolve("t.data")), 0, 3, StandardCharsets.ISO_8859_1)).isEqualTo("Obj");
    }

    @Test
    void badUsageExitsWith2AndNamesTheProblem() {
        assertThat(run("--rows", "10")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("either --out");

        assertThat(run("--out", "x.csv", "--scenario", "stationary,nope@1m")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--scenario").contains("'nope@1m'");

        assertThat(run("--out", "x.csv", "--rows", "many")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--rows must be a whole number, was 'many'");

        assertThat(run("--out", "x.csv", "--rate", "-3")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--rate: eventsPerSecond must be a positive number");

        assertThat(run("--out", "x.csv", "--topic", "t")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--topic does not apply to a training file");

        assertThat(run("--frobnicate", "1")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Unknown setting 'frobnicate'");
        assertThat(Files.exists(Path.of("x.csv"))).isFalse();
    }

    @Test
    void helpListsTheScenarios() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--bootstrap-servers").contains("concept_drift");
    }
}

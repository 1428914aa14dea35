package dev.streamscore.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatorMainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path dir;

    private int run(String... args) {
        return SimulatorMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
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

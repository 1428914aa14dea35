package dev.streamscore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamscore.model.bundle.ModelBundle;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class StreamScoreCliTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = StreamScoreCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void helpListsEveryCommand() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("stack", "train", "publish", "produce", "score", "monitor", "retrain", "lifecycle", "tail");
        assertThat(run("retrain", "--help")).isZero();
        assertThat(out.toString()).contains("--max-auc-drop", "--version ", "model-events");
        assertThat(run("lifecycle", "--help")).isZero();
        assertThat(out.toString()).contains("--trigger-kinds", "--cooldown");
        assertThat(run("score", "--help")).isZero();
        assertThat(out.toString()).contains("--model-dir", "--delivery-guarantee");
        assertThat(run("tail", "--help")).isZero();
        assertThat(out.toString()).contains("predictions, alerts, dlq");
    }

    @Test
    void badInputIsNamed() {
        assertThat(run("tail", "predictions", "--nope")).isEqualTo(2);
        assertThat(err.toString()).contains("--nope");
        assertThat(run("tail", "everything")).isEqualTo(2);
        assertThat(err.toString()).contains("everything").contains("predictions");
        assertThat(run("frobnicate")).isEqualTo(2);
        assertThat(err.toString()).contains("frobnicate");
    }

    @Test
    void trainWritesTheVersionItIsGiven(@TempDir Path dir) {
        Path data = dir.resolve("examples.csv");
        assertThat(run("produce", "--out", data.toString(), "--rows", "3000", "--seed", "4")).isZero();
        Path models = dir.resolve("models");
        assertThat(run("train", "--data", data.toString(), "--out", models.toString(), "--version", "7", "--epochs", "2"))
                .isZero();
        ModelBundle bundle = ModelBundle.load(models);
        assertThat(bundle.card().version()).isEqualTo("7");
        assertThat(run("train", "--help")).isZero();
        assertThat(out.toString()).contains("--version ", "(default: 1)");
    }

    @Test
    void statusSaysWhenNoStackRuns(@TempDir Path dir) {
        assertThat(run("stack", "status", "--data-dir", dir.toString())).isEqualTo(1);
        assertThat(out.toString()).contains("No stack running");
    }

    @Test
    void deadLettersPrintTheirReasonAndBytes() {
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("feature-events-dlq", 0, 7,
                "card-1".getBytes(StandardCharsets.UTF_8), new byte[] {1, 2, 3});
        record.headers().add(new RecordHeader("streamscore.error.kind", "INVALID_NUMBER".getBytes(StandardCharsets.UTF_8)));
        record.headers().add(new RecordHeader("streamscore.error.message",
                "Feature 'amount': \"NaN\" is not\na number".getBytes(StandardCharsets.UTF_8)));
        assertThat(TailCommand.deadLetterJson(record)).isEqualTo("{\"key\": \"card-1\", \"streamscore.error.kind\": "
                + "\"INVALID_NUMBER\", \"streamscore.error.message\": \"Feature 'amount': \\\"NaN\\\" is not\\na number\", "
                + "\"value_base64\": \"AQID\"}");
    }
}

package dev.streamscore.simulator.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamscore.demo.Transaction;
import dev.streamscore.simulator.SimulatedTransaction;
import dev.streamscore.simulator.SimulatorConfig;
import dev.streamscore.simulator.SimulatorFixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingDataWriterTest {
    private static final int ROWS = 3000;
    private static final SimulatorConfig CONFIG = SimulatorConfig.defaults().withSeed(99);

    @TempDir
    Path dir;

    @Test
    void csvHasAHeaderOneRowPerExampleAndTheGeneratorsValues() throws IOException {
        TrainingFileSummary summary = new TrainingDataWriter(CONFIG).writeCsv(dir.resolve("train.csv"), ROWS);
        List<String> lines = Files.readAllLines(dir.resolve("train.csv"), StandardCharsets.UTF_8);
        List<SimulatedTransaction> expected = SimulatorFixtures.generate(CONFIG, ROWS);

        assertThat(lines.get(0)).isEqualTo("event_id,card_id,event_time,amount,merchant_category,hour_of_day,"
                + "distance_from_home_km,online,transactions_last_hour,card_age_days,customer_segment,is_fraud");
        assertThat(lines).hasSize(ROWS + 1);
        assertThat(summary.rows()).isEqualTo(ROWS);
        assertThat(summary.frauds()).isEqualTo(expected.stream().filter(SimulatedTransaction::fraud).count());

        boolean sawUnknownLocation = false;
        for (int i = 0; i < ROWS; i++) {
            String[] cells = lines.get(i + 1).split(",", -1);
            assertThat(cells).hasSize(TrainingDataWriter.COLUMNS.size());
            Transaction t = expected.get(i).transaction();
            assertThat(cells[0]).isEqualTo(t.getEventId());
            assertThat(cells[1]).isEqualTo(t.getCardId());
            assertThat(Instant.parse(cells[2])).isEqualTo(t.getEventTime());
            assertThat(Double.parseDouble(cells[3])).isEqualTo(t.getAmount());
            assertThat(cells[3]).matches("\\d+\\.\\d\\d");
            assertThat(cells[4]).isEqualTo(t.getMerchantCategory());
            assertThat(Integer.parseInt(cells[5])).isEqualTo(t.getHourOfDay());
            if (t.getDistanceFromHomeKm() == null) {
                assertThat(cells[6]).isEmpty();
                sawUnknownLocation = true;
            } else {
                assertThat(Double.parseDouble(cells[6])).isEqualTo(t.getDistanceFromHomeKm());
            }
            assertThat(Boolean.parseBoolean(cells[7])).isEqualTo(t.getOnline());
            assertThat(Integer.parseInt(cells[8])).isEqualTo(t.getTransactionsLastHour());
            assertThat(Integer.parseInt(cells[9])).isEqualTo(t.getCardAgeDays());
            assertThat(cells[10]).isEqualTo(t.getCustomerSegment());
            assertThat(cells[11]).isEqualTo(expected.get(i).fraud() ? "1" : "0");
        }
        assertThat(sawUnknownLocation).isTrue();
        assertThat(lines.get(1)).startsWith("txn-99-0,card-").contains(",2026-01-01T00:00:00.000Z,");
    }

    @Test
    void avroRoundTripsWithTheTransactionFieldsAndTheLabel() throws IOException {
        Path file = dir.resolve("train.avro");
        TrainingFileSummary summary = new TrainingDataWriter(CONFIG).writeAvro(file, ROWS);
        List<SimulatedTransaction> expected = SimulatorFixtures.generate(CONFIG, ROWS);

        List<GenericRecord> records = new ArrayList<>();
        Schema writerSchema;
        try (DataFileReader<GenericRecord> reader = new DataFileReader<>(file.toFile(), new GenericDatumReader<>())) {
            writerSchema = reader.getSchema();
            reader.forEach(records::add);
        }
        assertThat(summary.format()).isEqualTo(TrainingFileFormat.AVRO);
        assertThat(records).hasSize(ROWS);
        assertThat(writerSchema).isEqualTo(TrainingDataWriter.AVRO_SCHEMA);
        assertThat(writerSchema.getFields().stream().map(Schema.Field::name).toList()).isEqualTo(TrainingDataWriter.COLUMNS);
        assertThat(writerSchema.getField("event_time").schema().getLogicalType().getName()).isEqualTo("timestamp-millis");
        assertThat(writerSchema.getField("is_fraud").schema().getType()).isEqualTo(Schema.Type.INT);

        for (int i : new int[] {0, 1, 17, 999, ROWS - 1}) {
            GenericRecord r = records.get(i);
            Transaction t = expected.get(i).transaction();
            assertThat(r.get("event_id")).hasToString(t.getEventId());
            assertThat(r.get("card_id")).hasToString(t.getCardId());
            assertThat(r.get("event_time")).isEqualTo(t.getEventTime().toEpochMilli());
            assertThat(r.get("amount")).isEqualTo(t.getAmount());
            assertThat(r.get("merchant_category")).hasToString(t.getMerchantCategory());
            assertThat(r.get("hour_of_day")).isEqualTo(t.getHourOfDay());
            assertThat(r.get("distance_from_home_km")).isEqualTo(t.getDistanceFromHomeKm());
            assertThat(r.get("online")).isEqualTo(t.getOnline());
            assertThat(r.get("transactions_last_hour")).isEqualTo(t.getTransactionsLastHour());
            assertThat(r.get("card_age_days")).isEqualTo(t.getCardAgeDays());
            assertThat(r.get("customer_segment")).hasToString(t.getCustomerSegment());
            assertThat(r.get("is_fraud")).isEqualTo(expected.get(i).fraud() ? 1 : 0);
        }
        assertThat(records.stream().filter(r -> (Integer) r.get("is_fraud") == 1).count()).isEqualTo(summary.frauds());
        assertThat(records.stream().filter(r -> r.get("distance_from_home_km") == null).count()).isPositive();
    }

    @Test
    void filesAreByteIdenticalForASeedAndDifferForAnother() throws IOException {
        for (TrainingFileFormat format : TrainingFileFormat.values()) {
            TrainingDataWriter writer = new TrainingDataWriter(CONFIG);
            writer.write(dir.resolve("a"), format, 500);
            writer.write(dir.resolve("b"), format, 500);
            new TrainingDataWriter(CONFIG.withSeed(100)).write(dir.resolve("c"), format, 500);

            assertThat(Files.readAllBytes(dir.resolve("b"))).as(format.name()).isEqualTo(Files.readAllBytes(dir.resolve("a")));
            assertThat(Files.readAllBytes(dir.resolve("c"))).as(format.name()).isNotEqualTo(Files.readAllBytes(dir.resolve("a")));
        }
        // Only the three target files: no temporary file is left behind.
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly("a", "b", "c");
        }
    }

    @Test
    void anEmptyFileHasOnlyTheHeader() throws IOException {
        TrainingFileSummary summary = new TrainingDataWriter(CONFIG).writeCsv(dir.resolve("nested/empty.csv"), 0);
        assertThat(Files.readAllLines(dir.resolve("nested/empty.csv"))).containsExactly(String.join(",", TrainingDataWriter.COLUMNS));
        assertThat(summary.fraudRate()).isZero();
    }

    @Test
    void formatFollowsTheNameOrTheFileExtension() {
        assertThat(TrainingFileFormat.fromName("AVRO")).isEqualTo(TrainingFileFormat.AVRO);
        assertThat(TrainingFileFormat.forFile(Path.of("x/train.avro"))).isEqualTo(TrainingFileFormat.AVRO);
        assertThat(TrainingFileFormat.forFile(Path.of("train.csv"))).isEqualTo(TrainingFileFormat.CSV);
        assertThatThrownBy(() -> TrainingFileFormat.fromName("parquet"))
                .hasMessageContaining("'parquet'");
    }
}

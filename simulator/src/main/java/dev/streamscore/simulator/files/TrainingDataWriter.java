package dev.streamscore.simulator.files;

import dev.streamscore.demo.Transaction;
import dev.streamscore.simulator.SimulatedTransaction;
import dev.streamscore.simulator.SimulatorConfig;
import dev.streamscore.simulator.TransactionGenerator;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes labelled training examples: the first N transactions of a {@link TransactionGenerator}
 * for the given config, each with its fraud label. One flat table, the same in both formats: the
 * {@link Transaction} fields in schema order, then {@value #LABEL_COLUMN} (1 = fraud, 0 = not), so
 * a trainer reads the features and the label from one row and the feature names are the ones the
 * live stream carries.
 *
 * <ul>
 *   <li>CSV: a header row of the column names; {@code event_time} as ISO-8601 UTC with
 *       milliseconds ({@code 2026-01-01T00:00:00.010Z}); {@code amount} with 2 decimals;
 *       {@code distance_from_home_km} with 1 decimal and an empty cell when null (unknown
 *       location); {@code online} as {@code true}/{@code false}.</li>
 *   <li>Avro: an object container file, uncompressed, of {@link #AVRO_SCHEMA}: the Transaction
 *       fields (same names, types and docs; {@code event_time} is timestamp-millis) plus an
 *       {@code int is_fraud}. A flat record rather than Transaction nested with a label, so that
 *       both formats load into the same columns.</li>
 * </ul>
 *
 * <p>Deterministic: the same config and row count give byte-identical files (the Avro sync marker
 * is derived from the seed, and no compression is used because zlib's output may differ between
 * builds). Files are written to a temporary file next to the target and then moved into place, so
 * a reader never sees a half-written file.
 */
public final class TrainingDataWriter {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingDataWriter.class);

    public static final String LABEL_COLUMN = "is_fraud";

    /** The CSV header and the Avro field names, in order. */
    public static final List<String> COLUMNS = Stream.concat(
            Transaction.getClassSchema().getFields().stream().map(Schema.Field::name),
            Stream.of(LABEL_COLUMN)).toList();

    /** {@code dev.streamscore.simulator.TrainingExample}: the Transaction fields plus {@code int is_fraud}. */
    public static final Schema AVRO_SCHEMA = trainingExampleSchema();

    private static final DateTimeFormatter EVENT_TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final SimulatorConfig config;

    public TrainingDataWriter(SimulatorConfig config) {
        this.config = config;
    }

    /** Writes {@code rows} examples to {@code file} in {@code format}, replacing it. */
    public TrainingFileSummary write(Path file, TrainingFileFormat format, long rows) throws IOException {
        return switch (format) {
            case CSV -> writeCsv(file, rows);
            case AVRO -> writeAvro(file, rows);
        };
    }

    /** Writes {@code rows} examples to {@code file} as CSV, replacing it. */
    public TrainingFileSummary writeCsv(Path file, long rows) throws IOException {
        return writeAtomically(file, TrainingFileFormat.CSV, rows, out -> {
            Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            writer.write(String.join(",", COLUMNS));
            writer.write('\n');
            TransactionGenerator generator = new TransactionGenerator(config);
            long frauds = 0;
            for (long i = 0; i < rows; i++) {
                SimulatedTransaction st = generator.next();
                writer.write(csvLine(st));
                writer.write('\n');
                frauds += st.fraud() ? 1 : 0;
            }
            writer.flush();
            return frauds;
        });
    }

    /** Writes {@code rows} examples to {@code file} as an Avro container file of {@link #AVRO_SCHEMA}, replacing it. */
    public TrainingFileSummary writeAvro(Path file, long rows) throws IOException {
        return writeAtomically(file, TrainingFileFormat.AVRO, rows, out -> {
            try (DataFileWriter<GenericRecord> writer = new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(AVRO_SCHEMA))) {
                writer.setCodec(CodecFactory.nullCodec());
                writer.create(AVRO_SCHEMA, out, syncMarker(config.seed()));
                TransactionGenerator generator = new TransactionGenerator(config);
                long frauds = 0;
                for (long i = 0; i < rows; i++) {
                    SimulatedTransaction st = generator.next();
                    writer.append(toAvro(st));
                    frauds += st.fraud() ? 1 : 0;
                }
                return frauds;
            }
        });
    }

    /** One CSV line (without the line end) for {@code st}, columns as in {@link #COLUMNS}. */
    static String csvLine(SimulatedTransaction st) {
        Transaction t = st.transaction();
        List<String> cells = new ArrayList<>(COLUMNS.size());
        cells.add(csvText(t.getEventId()));
        cells.add(csvText(t.getCardId()));
        cells.add(EVENT_TIME.format(t.getEventTime()));
        cells.add(decimal(t.getAmount(), 2));
        cells.add(csvText(t.getMerchantCategory()));
        cells.add(Integer.toString(t.getHourOfDay()));
        cells.add(t.getDistanceFromHomeKm() == null ? "" : decimal(t.getDistanceFromHomeKm(), 1));
        cells.add(Boolean.toString(t.getOnline()));
        cells.add(Integer.toString(t.getTransactionsLastHour()));
        cells.add(Integer.toString(t.getCardAgeDays()));
        cells.add(csvText(t.getCustomerSegment()));
        cells.add(st.fraud() ? "1" : "0");
        return String.join(",", cells);
    }

    /** {@code st} as a {@link #AVRO_SCHEMA} record. */
    static GenericRecord toAvro(SimulatedTransaction st) {
        Transaction t = st.transaction();
        GenericData.Record record = new GenericData.Record(AVRO_SCHEMA);
        record.put("event_id", t.getEventId());
        record.put("card_id", t.getCardId());
        record.put("event_time", t.getEventTime().toEpochMilli());
        record.put("amount", t.getAmount());
        record.put("merchant_category", t.getMerchantCategory());
        record.put("hour_of_day", t.getHourOfDay());
        record.put("distance_from_home_km", t.getDistanceFromHomeKm());
        record.put("online", t.getOnline());
        record.put("transactions_last_hour", t.getTransactionsLastHour());
        record.put("card_age_days", t.getCardAgeDays());
        record.put("customer_segment", t.getCustomerSegment());
        record.put(LABEL_COLUMN, st.fraud() ? 1 : 0);
        return record;
    }

    private static Schema trainingExampleSchema() {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field field : Transaction.getClassSchema().getFields()) {
            fields.add(new Schema.Field(field, field.schema()));
        }
        fields.add(new Schema.Field(LABEL_COLUMN, Schema.create(Schema.Type.INT),
                "The hidden ground truth: 1 if the transaction is fraud, else 0.", null));
        return Schema.createRecord("TrainingExample",
                "A simulated card transaction (the fields of dev.streamscore.demo.Transaction) with its fraud label.",
                "dev.streamscore.simulator", false, fields);
    }

    /** The exact decimal of {@code value} rounded to {@code scale} places: independent of Double.toString's JDK version. */
    private static String decimal(double value, int scale) {
        return new BigDecimal(value).setScale(scale, RoundingMode.HALF_EVEN).toPlainString();
    }

    private static String csvText(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    /** A 16-byte Avro sync marker from the seed, so the file's bytes do not vary between runs. */
    private static byte[] syncMarker(long seed) {
        try {
            return MessageDigest.getInstance("MD5")
                    .digest(("streamscore-simulator-training:" + seed).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has MD5", e);
        }
    }

    /** Writes the rows of one file; returns how many were fraud. */
    private interface RowsWriter {
        long write(OutputStream out) throws IOException;
    }

    private TrainingFileSummary writeAtomically(Path file, TrainingFileFormat format, long rows, RowsWriter rowsWriter)
            throws IOException {
        if (rows < 0) {
            throw new IllegalArgumentException("rows must not be negative, got " + rows);
        }
        Path target = file.toAbsolutePath();
        Files.createDirectories(target.getParent());
        // Not Files.createTempFile: its owner-only permissions would stay with the moved file.
        Path temp = target.resolveSibling("." + target.getFileName() + "." + ProcessHandle.current().pid() + "."
                + System.nanoTime() + ".tmp");
        try {
            long frauds;
            try (OutputStream out = new BufferedOutputStream(
                    Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), 1 << 16)) {
                frauds = rowsWriter.write(out);
            }
            try {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            TrainingFileSummary summary = new TrainingFileSummary(file, format, rows, frauds);
            LOG.info("Wrote {} training rows ({} fraud, {}) as {} to {} (seed {}, schedule {})", rows, frauds,
                    String.format(Locale.ROOT, "%.2f %%", summary.fraudRate() * 100), format, file,
                    config.seed(), config.schedule());
            return summary;
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}

package dev.streamscore.simulator.files;

import java.nio.file.Path;
import java.util.Locale;

/** The formats {@link TrainingDataWriter} writes. */
public enum TrainingFileFormat {
    /** RFC 4180 comma-separated values, UTF-8, a header row, {@code \n} line ends. */
    CSV,
    /** An Avro object container file of {@link TrainingDataWriter#AVRO_SCHEMA} records, uncompressed. */
    AVRO;

    /**
     * {@code csv} or {@code avro}, case-insensitively.
     *
     * @throws IllegalArgumentException naming the bad value
     */
    public static TrainingFileFormat fromName(String name) {
        return switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "csv" -> CSV;
            case "avro" -> AVRO;
            default -> throw new IllegalArgumentException("unknown training file format '" + name + "' (known: csv, avro)");
        };
    }

    /** AVRO for a file named {@code *.avro}, else CSV. */
    public static TrainingFileFormat forFile(Path file) {
        Path name = file.getFileName();
        return name != null && name.toString().toLowerCase(Locale.ROOT).endsWith(".avro") ? AVRO : CSV;
    }
}

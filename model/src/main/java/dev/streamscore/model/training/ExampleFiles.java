package dev.streamscore.model.training;

import dev.streamscore.model.features.AvroFieldReader;
import dev.streamscore.model.features.FieldReader;
import dev.streamscore.model.features.MapFieldReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;

/**
 * Reads training examples from a CSV file (a header row; cells as text, an empty cell is missing;
 * RFC 4180 quoting) or an Avro container file ({@code .avro}, any schema), as {@link FieldReader}s
 * the vectorizer reads exactly as it reads live events.
 */
public final class ExampleFiles {
    private ExampleFiles() {
    }

    public static List<FieldReader> read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("Training data file " + file + " does not exist (--data)");
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        try {
            if (name.endsWith(".avro")) {
                return readAvro(file);
            }
            if (name.endsWith(".csv")) {
                return readCsv(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read training examples from " + file + ": " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("Training data must be a .csv or .avro file, got " + file);
    }

    private static List<FieldReader> readAvro(Path file) throws IOException {
        List<FieldReader> records = new ArrayList<>();
        try (DataFileReader<GenericRecord> reader = new DataFileReader<>(file.toFile(), new GenericDatumReader<>())) {
            for (GenericRecord record : reader) {
                records.add(new AvroFieldReader(record));
            }
        }
        return records;
    }

    private static List<FieldReader> readCsv(Path file) throws IOException {
        List<FieldReader> records = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String headerLine = reader.readLine();
            if (headerLine == null) {
                throw new IllegalArgumentException(file + " is empty: expected a header row");
            }
            List<String> header = parseCsvLine(headerLine);
            String line;
            int lineNumber = 1;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (line.isEmpty()) {
                    continue;
                }
                List<String> cells = parseCsvLine(line);
                if (cells.size() != header.size()) {
                    throw new IllegalArgumentException(file + " line " + lineNumber + ": " + cells.size()
                            + " cells, but the header has " + header.size());
                }
                Map<String, String> row = new HashMap<>();
                for (int i = 0; i < header.size(); i++) {
                    row.put(header.get(i), cells.get(i).isEmpty() ? null : cells.get(i));
                }
                records.add(new MapFieldReader(row));
            }
        }
        return records;
    }

    static List<String> parseCsvLine(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }

    /** The label of an example as 1 or 0: accepts numbers, booleans and their text. */
    public static float label(FieldReader record, String labelField) {
        if (!record.has(labelField)) {
            throw new IllegalArgumentException("Training example has no label field '" + labelField + "'");
        }
        Object raw = record.get(labelField);
        if (raw instanceof Number number) {
            return number.doubleValue() > 0.5 ? 1f : 0f;
        }
        if (raw instanceof Boolean flag) {
            return flag ? 1f : 0f;
        }
        if (raw != null) {
            String text = raw.toString().trim().toLowerCase(Locale.ROOT);
            switch (text) {
                case "1", "1.0", "true", "yes" -> {
                    return 1f;
                }
                case "0", "0.0", "false", "no" -> {
                    return 0f;
                }
                default -> { }
            }
        }
        throw new IllegalArgumentException("Label field '" + labelField + "' must be 0/1 or true/false, was '" + raw + "'");
    }
}

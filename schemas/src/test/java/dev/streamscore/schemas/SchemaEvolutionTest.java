package dev.streamscore.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamscore.schemas.wire.Incompatibilities;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.AvroRuntimeException;
import org.junit.jupiter.api.Test;

/**
 * Every schema in src/main/avro must stay BACKWARD compatible with its last released copy in
 * src/test/resources/released: a consumer upgraded to the new schema must still read every record
 * already on the topics. To release a change, make it compatible, then copy the schema there.
 */
class SchemaEvolutionTest {
    private static final Path CURRENT = Path.of("src/main/avro");
    private static final Path RELEASED = Path.of("src/test/resources/released");

    @Test
    void everySchemaHasAReleasedCopy() throws IOException {
        assertThat(fileNames(RELEASED)).containsAll(fileNames(CURRENT));
    }

    @Test
    void everySchemaReadsDataWrittenWithItsReleasedVersion() throws IOException {
        Map<String, Schema> current = parseAll(CURRENT);
        Map<String, Schema> released = parseAll(RELEASED);
        assertThat(current).isNotEmpty();
        List<String> broken = new ArrayList<>();
        released.forEach((name, old) -> {
            Schema now = current.get(name);
            if (now == null) {
                broken.add(name + " was released but is gone: consumers still read it");
                return;
            }
            SchemaCompatibility.SchemaPairCompatibility result = SchemaCompatibility.checkReaderWriterCompatibility(now, old);
            if (result.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
                broken.add(name + ": " + Incompatibilities.describe(result.getResult()));
            }
        });
        assertThat(broken).as("schemas that break BACKWARD compatibility").isEmpty();
    }

    @Test
    void theCheckCatchesABreakingChange() throws IOException {
        Schema released = parseAll(RELEASED).get("dev.streamscore.avro.Label");
        Schema removedDefaultlessFieldAdded = new Schema.Parser().parse(released.toString()
                .replace("{\"name\":\"source\"", "{\"name\":\"reviewer\",\"type\":\"string\"},{\"name\":\"source\""));
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(removedDefaultlessFieldAdded, released).getType())
                .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.INCOMPATIBLE);
    }

    private static List<String> fileNames(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".avsc")).sorted().toList();
        }
    }

    /** Parses a folder of .avsc files that reference each other, in whatever order they resolve. */
    private static Map<String, Schema> parseAll(Path dir) throws IOException {
        List<Path> pending;
        try (Stream<Path> files = Files.list(dir)) {
            pending = new ArrayList<>(files.filter(p -> p.toString().endsWith(".avsc")).sorted().toList());
        }
        Map<String, Schema> known = new LinkedHashMap<>();
        while (!pending.isEmpty()) {
            List<Path> unresolved = new ArrayList<>();
            for (Path file : pending) {
                Schema.Parser parser = new Schema.Parser();
                parser.addTypes(known.values());
                try {
                    Schema schema = parser.parse(Files.readString(file));
                    known.put(schema.getFullName(), schema);
                } catch (AvroRuntimeException e) {
                    // Refers to a type in a file not parsed yet: try again in the next round.
                    unresolved.add(file);
                }
            }
            if (unresolved.size() == pending.size()) {
                throw new IllegalStateException("Cannot parse " + unresolved + " in " + dir);
            }
            pending = unresolved;
        }
        return known;
    }
}

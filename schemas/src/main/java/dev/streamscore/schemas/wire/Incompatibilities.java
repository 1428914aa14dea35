package dev.streamscore.schemas.wire;

import java.util.List;
import java.util.stream.Collectors;
import org.apache.avro.SchemaCompatibility;

/** Short descriptions of Avro schema incompatibilities: what and where, without printing both schemas. */
public final class Incompatibilities {
    private Incompatibilities() {
    }

    public static String describe(SchemaCompatibility.SchemaCompatibilityResult result) {
        List<SchemaCompatibility.Incompatibility> list = result.getIncompatibilities();
        return list.stream()
                .map(i -> i.getType() + " at " + i.getLocation() + (i.getMessage() == null ? "" : " (" + i.getMessage() + ")"))
                .collect(Collectors.joining("; "));
    }
}

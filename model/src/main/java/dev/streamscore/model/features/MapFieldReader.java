package dev.streamscore.model.features;

import java.util.Map;

/** Reads fields of a map (a CSV row keyed by header, say); paths are plain keys. */
public record MapFieldReader(Map<String, ?> values) implements FieldReader {
    @Override
    public boolean has(String path) {
        return values.containsKey(path);
    }

    @Override
    public Object get(String path) {
        return values.get(path);
    }
}

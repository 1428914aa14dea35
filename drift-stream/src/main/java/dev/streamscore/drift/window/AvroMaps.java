package dev.streamscore.drift.window;

import java.util.HashMap;
import java.util.Map;

/**
 * Avro may hand map keys over as {@code Utf8} rather than {@code String} (it depends on the
 * reader schema's string type), and a {@code Utf8} key is not found by a {@code String} lookup;
 * this gives a String-keyed view, copying only when needed.
 */
final class AvroMaps {
    private AvroMaps() {
    }

    @SuppressWarnings("unchecked")
    static <V> Map<String, V> stringKeyed(Map<? extends CharSequence, V> map) {
        if (map == null) {
            return Map.of();
        }
        boolean allStrings = true;
        for (CharSequence key : map.keySet()) {
            if (!(key instanceof String)) {
                allStrings = false;
                break;
            }
        }
        if (allStrings) {
            return (Map<String, V>) map;
        }
        Map<String, V> copy = new HashMap<>(map.size() * 2);
        map.forEach((k, v) -> copy.put(k.toString(), v));
        return copy;
    }
}

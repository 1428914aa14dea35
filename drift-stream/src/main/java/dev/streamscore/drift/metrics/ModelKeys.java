package dev.streamscore.drift.metrics;

/** {@code name@version}, the key of a model version's baseline, metrics and alerts (names contain no '@'). */
public final class ModelKeys {
    private ModelKeys() {
    }

    public static String of(String name, String version) {
        return name + "@" + version;
    }

    /** The name and version of a key; a key without '@' is taken as a name with an empty version. */
    public static String[] split(String key) {
        int at = key.indexOf('@');
        return at < 0 ? new String[] {key, ""} : new String[] {key.substring(0, at), key.substring(at + 1)};
    }
}

package dev.streamscore.local;

import dev.streamscore.config.SettingsSpec;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One StreamScore app to start in a JVM of its own: which app (main class and classpath resource)
 * and the flags it starts with, rendered from typed values through the app's settings declaration,
 * so that a setting the app does not know fails here rather than in the child's log.
 */
public record AppLaunch(StreamScoreApp app, List<String> args) {
    public AppLaunch {
        Objects.requireNonNull(app, "app");
        args = List.copyOf(args);
    }

    /** {@code app} with {@code values} rendered by {@code settings}, the declaration the app parses with. */
    public static AppLaunch of(StreamScoreApp app, SettingsSpec settings, Map<String, ?> values) {
        return new AppLaunch(app, settings.toArgs(values));
    }
}

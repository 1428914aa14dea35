package dev.streamscore.local.testing;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Every log event of this JVM at INFO and above (the level a user runs with), with its stack trace,
 * while attached to Log4j's root logger: what the security tests search for secrets. Needs Log4j
 * core on the test classpath.
 */
public final class LogCapture extends AbstractAppender {
    private final Queue<String> lines = new ConcurrentLinkedQueue<>();
    private Level rootLevel;
    private final Map<String, Level> quietened = new HashMap<>();

    public LogCapture() {
        super("streamscore-log-capture", null, null, true, Property.EMPTY_ARRAY);
    }

    /** The lines captured so far, each with its logger name and any stack trace. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void append(LogEvent event) {
        StringBuilder line = new StringBuilder(event.getLoggerName()).append(' ')
                .append(event.getMessage().getFormattedMessage());
        if (event.getThrown() != null) {
            line.append('\n').append(stackTrace(event.getThrown()));
        }
        lines.add(line.toString());
    }

    /**
     * Starts capturing at INFO: the root logger and every logger a test configuration quietened
     * (Kafka's, say) log at INFO while attached, as they would for a user.
     */
    public void attach() {
        start();
        LoggerContext context = LoggerContext.getContext(false);
        Configuration configuration = context.getConfiguration();
        configuration.addAppender(this);
        rootLevel = configuration.getRootLogger().getLevel();
        configuration.getRootLogger().addAppender(this, Level.INFO, null);
        configuration.getRootLogger().setLevel(Level.INFO);
        for (LoggerConfig logger : configuration.getLoggers().values()) {
            if (logger != configuration.getRootLogger() && logger.getLevel() != null && logger.getLevel().isMoreSpecificThan(Level.WARN)) {
                quietened.put(logger.getName(), logger.getLevel());
                logger.setLevel(Level.INFO);
            }
        }
        context.updateLoggers();
    }

    /** Stops capturing and puts the root logger's level back. */
    public void detach() {
        LoggerContext context = LoggerContext.getContext(false);
        Configuration configuration = context.getConfiguration();
        configuration.getRootLogger().removeAppender(getName());
        if (rootLevel != null) {
            configuration.getRootLogger().setLevel(rootLevel);
        }
        quietened.forEach((name, level) -> configuration.getLoggerConfig(name).setLevel(level));
        quietened.clear();
        context.updateLoggers();
        stop();
    }

    /** A throwable's whole stack trace, messages and causes included. */
    public static String stackTrace(Throwable thrown) {
        StringWriter text = new StringWriter();
        thrown.printStackTrace(new PrintWriter(text));
        return text.toString();
    }

    /**
     * Where any secret leaks: for each source (name to texts) and secret (secret to its label), up to
     * five lines that hold it, with every known secret replaced by its label so that the report
     * does not leak it again. Empty when nothing leaks.
     */
    public static Map<String, List<String>> leaks(Map<String, String> labelsBySecret, Map<String, Collection<String>> sources) {
        Map<String, List<String>> found = new TreeMap<>();
        sources.forEach((source, texts) -> labelsBySecret.forEach((secret, label) -> {
            List<String> lines = texts.stream().flatMap(String::lines).filter(line -> line.contains(secret))
                    .limit(5).map(line -> redact(line, labelsBySecret)).toList();
            if (!lines.isEmpty()) {
                found.put(source + ": " + label, lines);
            }
        }));
        return found;
    }

    /** Every file of a log directory, read whole. */
    public static List<String> readLogs(Path directory) throws IOException {
        List<String> logs = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.toList()) {
                logs.add(Files.readString(file, StandardCharsets.UTF_8));
            }
        }
        return logs;
    }

    private static String redact(String line, Map<String, String> labelsBySecret) {
        String safe = line;
        for (Map.Entry<String, String> label : labelsBySecret.entrySet()) {
            safe = safe.replace(label.getKey(), label.getValue());
        }
        return safe;
    }
}

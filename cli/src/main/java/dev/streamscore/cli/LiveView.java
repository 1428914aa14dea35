package dev.streamscore.cli;

import dev.streamscore.schemas.registry.SchemaRegistryClientConfig;
import dev.streamscore.schemas.serde.ConfluentAvroDeserializer;
import dev.streamscore.schemas.topics.StreamScoreTopics;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The demo's terminal view: reads predictions, dead letters, alerts and model-events as any
 * consumer would and redraws once a second: events per second, p50/p99 of event time to scored
 * time, dead letters, the model version serving each role (as seen in the last few seconds), the
 * events each version answered, the latest alerts and the latest lifecycle steps.
 */
final class LiveView implements AutoCloseable {
    /** The demo's stack uses the default topic names. */
    private static final String PREDICTIONS = StreamScoreTopics.PREDICTIONS.defaultName();
    private static final String DEAD_LETTERS = StreamScoreTopics.FEATURE_EVENTS_DLQ.defaultName();
    private static final String ALERTS = StreamScoreTopics.ALERTS.defaultName();
    private static final String MODEL_EVENTS = StreamScoreTopics.MODEL_EVENTS.defaultName();
    /** A role not seen in a prediction for this long no longer serves (retired, or replaced). */
    private static final long ROLE_STALE_NANOS = 5_000_000_000L;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final ConfluentAvroDeserializer<Object> values = new ConfluentAvroDeserializer<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Map<String, String> versionByRole = new TreeMap<>();
    private final Map<String, Long> roleSeen = new TreeMap<>();
    private final Map<String, Long> answeredByVersion = new TreeMap<>();
    private final Deque<String> alerts = new ArrayDeque<>();
    private final Deque<String> steps = new ArrayDeque<>();
    private final long startedMs = System.currentTimeMillis();
    private Long firstPerformanceAlertMs;
    private Long promotedMs;
    private final List<Long> latencies = new ArrayList<>();
    private long predictions;
    private long predictionsAtLastDraw;
    private long deadLetters;
    private long lastDraw = System.nanoTime();

    LiveView(String bootstrapServers, String registryUrl) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "streamscore-demo-view-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(PREDICTIONS, DEAD_LETTERS, ALERTS, MODEL_EVENTS));
        values.configure(Map.of(SchemaRegistryClientConfig.URL, registryUrl), false);
    }

    /** Polls and redraws until {@link #stop()} or {@code until} (nanoTime) passes. */
    void run(PrintStream out, String header, long until) {
        while (running.get() && System.nanoTime() < until) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                take(record);
            }
            if (System.nanoTime() - lastDraw >= 1_000_000_000L) {
                draw(out, header);
            }
        }
    }

    void stop() {
        running.set(false);
    }

    private void take(ConsumerRecord<byte[], byte[]> record) {
        if (record.topic().equals(DEAD_LETTERS)) {
            deadLetters++;
            return;
        }
        Object value;
        try {
            value = values.deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            return;
        }
        if (!(value instanceof GenericRecord r)) {
            return;
        }
        if (record.topic().equals(ALERTS)) {
            alerts.addFirst(String.format("%-8s %-8s %s", r.get("state"), r.get("severity"), r.get("message")));
            while (alerts.size() > 8) {
                alerts.removeLast();
            }
            if (firstPerformanceAlertMs == null && "performance".equals(String.valueOf(r.get("kind")))
                    && "FIRING".equals(String.valueOf(r.get("state")))) {
                // When drift-stream raised it (the record's timestamp is its window's end, in event time).
                firstPerformanceAlertMs = millis(r.get("created_time"));
            }
            return;
        }
        if (record.topic().equals(MODEL_EVENTS)) {
            String step = String.valueOf(r.get("step"));
            steps.addFirst(String.format("%s@%s %s%s", r.get("model_name"), r.get("candidate_version"), step,
                    r.get("reasons") instanceof List<?> reasons && !reasons.isEmpty() ? ": " + reasons.get(0) : ""));
            while (steps.size() > 6) {
                steps.removeLast();
            }
            if (promotedMs == null && step.equals("promoted_champion")) {
                promotedMs = millis(r.get("time"));
            }
            return;
        }
        predictions++;
        String role = String.valueOf(r.get("role"));
        String version = r.get("model_name") + "@" + r.get("model_version");
        versionByRole.put(role, version);
        roleSeen.put(role, System.nanoTime());
        if (!role.equals("SHADOW")) {
            answeredByVersion.merge(version, 1L, Long::sum);
        }
        latencies.add((Long) r.get("scored_time") - (Long) r.get("event_time"));
    }

    /** A timestamp-millis field, as a generic record holds it (a long, or an Instant with conversions). */
    private static Long millis(Object value) {
        if (value instanceof java.time.Instant instant) {
            return instant.toEpochMilli();
        }
        return value instanceof Number n ? n.longValue() : null;
    }

    private void draw(PrintStream out, String header) {
        long now = System.nanoTime();
        double seconds = (now - lastDraw) / 1e9;
        double rate = (predictions - predictionsAtLastDraw) / seconds;
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        String p50 = sorted.length == 0 ? "-" : sorted[sorted.length / 2] + " ms";
        String p99 = sorted.length == 0 ? "-" : sorted[(int) Math.min(sorted.length - 1, sorted.length * 0.99)] + " ms";
        latencies.clear();
        predictionsAtLastDraw = predictions;
        lastDraw = now;
        roleSeen.forEach((role, seen) -> {
            if (now - seen > ROLE_STALE_NANOS) {
                versionByRole.remove(role);
            }
        });
        StringBuilder screen = new StringBuilder("\033[H\033[2J");
        screen.append(header).append("\n\n");
        screen.append(String.format("  predictions/s   %8.0f      total %d%n", rate, predictions));
        screen.append(String.format("  event->scored   p50 %s   p99 %s   (last second)%n", p50, p99));
        screen.append(String.format("  dead letters    %8d%n", deadLetters));
        screen.append("  serving         ").append(versionByRole.isEmpty() ? "(waiting for the first prediction)"
                : versionByRole.toString()).append('\n');
        screen.append("  answered by     ").append(answeredByVersion).append("\n\n");
        screen.append("  alerts (newest first):\n");
        if (alerts.isEmpty()) {
            screen.append("    none yet\n");
        }
        for (String alert : alerts) {
            screen.append("    ").append(alert).append('\n');
        }
        if (!steps.isEmpty()) {
            screen.append("\n  lifecycle (newest first):\n");
            for (String step : steps) {
                screen.append("    ").append(step).append('\n');
            }
        }
        screen.append("\n  Ctrl-C stops everything.\n");
        out.print(screen);
        out.flush();
    }

    /** What the demo prints when it ends. */
    String summary() {
        return "predictions " + predictions + ", dead letters " + deadLetters + ", alerts seen " + alerts.size()
                + (alerts.isEmpty() ? "" : "; latest: " + alerts.peekFirst()) + "; serving " + versionByRole
                + "; answered by " + answeredByVersion
                + (firstPerformanceAlertMs == null ? "" : "; first performance alert "
                        + (firstPerformanceAlertMs - startedMs) / 1000 + " s after the view started")
                + (promotedMs == null || firstPerformanceAlertMs == null ? "" : ", a retrained version champion "
                        + (promotedMs - firstPerformanceAlertMs) / 1000 + " s after that alert")
                + (steps.isEmpty() ? "" : "; lifecycle steps (newest first): " + steps);
    }

    @Override
    public void close() {
        consumer.close();
        values.close();
    }
}

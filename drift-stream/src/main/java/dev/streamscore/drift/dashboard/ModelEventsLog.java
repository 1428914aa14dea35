package dev.streamscore.drift.dashboard;

import dev.streamscore.avro.ModelEvent;
import dev.streamscore.drift.TopicFollower;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's lifecycle view: the last steps of each model on {@code model-events} (retraining,
 * gate, shadow, challenger, champion, rollback), read from the start by every instance and kept in
 * memory. The lifecycle app is optional and its topic may not exist when drift-stream starts: the
 * topic is looked for again every 10 s until it does, and drift-stream never fails for want of it.
 */
public final class ModelEventsLog implements AutoCloseable {
    /** Steps kept per model, the newest last. */
    static final int CAPACITY = 50;
    private static final Logger LOG = LoggerFactory.getLogger(ModelEventsLog.class);

    private final String topic;
    private final Deserializer<ModelEvent> events;
    private final Map<String, Deque<ModelEvent>> byModel = new HashMap<>();
    private final TopicFollower follower;

    ModelEventsLog(String applicationId, Properties clientProperties, String topic, Deserializer<ModelEvent> events) {
        this.topic = topic;
        this.events = events;
        this.follower = new TopicFollower(applicationId + "-model-events", clientProperties, List.of(topic), true,
                Duration.ofSeconds(10), this::handle, "the dashboard's lifecycle view");
    }

    void start() {
        follower.start();
    }

    /** Whether the topic exists (the lifecycle app, or `streamscore retrain`, has created it or written to it). */
    boolean topicFound() {
        return follower.assigned();
    }

    String topic() {
        return topic;
    }

    /** The last {@link #CAPACITY} steps of the model, oldest first; empty when none. */
    List<ModelEvent> of(String model) {
        synchronized (byModel) {
            Deque<ModelEvent> steps = byModel.get(model);
            return steps == null ? List.of() : new ArrayList<>(steps);
        }
    }

    private void handle(ConsumerRecord<byte[], byte[]> record) {
        ModelEvent event;
        try {
            event = events.deserialize(record.topic(), record.headers(), record.value());
        } catch (RuntimeException e) {
            LOG.warn("Skipping an undecodable record at {}-{}@{} in the lifecycle view: {}", record.topic(),
                    record.partition(), record.offset(), e.getMessage());
            return;
        }
        synchronized (byModel) {
            Deque<ModelEvent> steps = byModel.computeIfAbsent(event.getModelName(), m -> new ArrayDeque<>());
            steps.addLast(event);
            while (steps.size() > CAPACITY) {
                steps.removeFirst();
            }
        }
    }

    @Override
    public void close() {
        follower.close();
    }
}

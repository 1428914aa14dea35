package dev.streamscore.simulator.live;

import dev.streamscore.schemas.topics.StreamScoreTopics;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and for how long {@link LiveStreamProducer} streams; what it streams is the
 * {@link dev.streamscore.simulator.SimulatorConfig}.
 *
 * @param topic           the topic of the Transaction events (key: card id)
 * @param labelsTopic     the topic of the Labels (key: event id)
 * @param registryUrl     the schema registry's base URL(s); null to take {@code schema.registry.url}
 *                        from the Kafka properties
 * @param maxEvents       stop producing events after this many; 0 for no limit
 * @param maxDuration     stop producing events after this much wall-clock time; zero for no limit
 * @param timeCompression labels are sent this many times sooner than their simulated delay, so a
 *                        demo's minutes-long label delay can take seconds; event time itself runs
 *                        at wall-clock speed
 */
public record LiveStreamConfig(
        String topic,
        String labelsTopic,
        String registryUrl,
        long maxEvents,
        Duration maxDuration,
        double timeCompression) {

    public static final String DEFAULT_TOPIC = StreamScoreTopics.FEATURE_EVENTS.defaultName();
    public static final String DEFAULT_LABELS_TOPIC = StreamScoreTopics.LABELS.defaultName();

    public LiveStreamConfig {
        requireText(topic, "topic");
        requireText(labelsTopic, "labelsTopic");
        Objects.requireNonNull(maxDuration, "maxDuration");
        if (topic.equals(labelsTopic)) {
            throw new IllegalArgumentException("topic and labelsTopic must differ, both are '" + topic + "'");
        }
        if (maxEvents < 0) {
            throw new IllegalArgumentException("maxEvents must not be negative (0 = no limit), got " + maxEvents);
        }
        if (maxDuration.isNegative()) {
            throw new IllegalArgumentException("maxDuration must not be negative (0 = no limit), got " + maxDuration);
        }
        if (!(timeCompression > 0) || Double.isInfinite(timeCompression)) {
            throw new IllegalArgumentException("timeCompression must be a positive number, got " + timeCompression);
        }
    }

    /** {@code feature-events} and {@code labels}, registry from the Kafka properties, unbounded, no compression. */
    public static LiveStreamConfig defaults() {
        return new LiveStreamConfig(DEFAULT_TOPIC, DEFAULT_LABELS_TOPIC, null, 0, Duration.ZERO, 1.0);
    }

    public LiveStreamConfig withTopics(String eventsTopic, String labels) {
        return new LiveStreamConfig(eventsTopic, labels, registryUrl, maxEvents, maxDuration, timeCompression);
    }

    public LiveStreamConfig withRegistryUrl(String value) {
        return new LiveStreamConfig(topic, labelsTopic, value, maxEvents, maxDuration, timeCompression);
    }

    public LiveStreamConfig withMaxEvents(long value) {
        return new LiveStreamConfig(topic, labelsTopic, registryUrl, value, maxDuration, timeCompression);
    }

    public LiveStreamConfig withMaxDuration(Duration value) {
        return new LiveStreamConfig(topic, labelsTopic, registryUrl, maxEvents, value, timeCompression);
    }

    public LiveStreamConfig withTimeCompression(double value) {
        return new LiveStreamConfig(topic, labelsTopic, registryUrl, maxEvents, maxDuration, value);
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must be set");
        }
    }
}

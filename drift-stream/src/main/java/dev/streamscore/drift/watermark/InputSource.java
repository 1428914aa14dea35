package dev.streamscore.drift.watermark;

import java.util.Locale;

/**
 * One input partition: a source of event-time progress.
 *
 * @param topic     which input topic
 * @param partition its partition
 */
public record InputSource(Topic topic, int partition) {
    /** The two input topics. */
    public enum Topic {
        PREDICTIONS, LABELS
    }

    public InputSource {
        if (partition < 0) {
            throw new IllegalArgumentException("partition must be >= 0, was " + partition);
        }
    }

    /** {@code predictions-3}: the id used in logs and in the progress store. */
    public String id() {
        return topic.name().toLowerCase(Locale.ROOT) + "-" + partition;
    }

    @Override
    public String toString() {
        return id();
    }
}

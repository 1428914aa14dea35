package dev.streamscore.drift.join;

/**
 * The join's watermark moved: every input partition has been read up to {@code time} (but for
 * records more than the grace out of order), and every outcome the join will give for predictions
 * up to {@code time - maxLabelDelay - grace} has been forwarded.
 */
public record JoinWatermark(long time) implements JoinEvent {
}

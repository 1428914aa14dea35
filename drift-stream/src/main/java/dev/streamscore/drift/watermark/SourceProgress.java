package dev.streamscore.drift.watermark;

/**
 * What a source last said of its event time.
 *
 * @param time the highest event time it has delivered ({@link Watermark#UNKNOWN} before its first record)
 * @param idle whether it has declared itself idle (no records for the idle timeout): an idle source
 *             does not hold the watermark back
 */
public record SourceProgress(long time, boolean idle) {
    public static final SourceProgress NONE = new SourceProgress(Watermark.UNKNOWN, false);
}

package dev.streamscore.drift.watermark;

/**
 * An input partition's progress, sent by the task that reads it to every partition of the join's
 * input topic, so that each join task knows how far every input partition has been read.
 *
 * @param source the input partition
 * @param time   the highest event time read from it ({@link Watermark#UNKNOWN} if none yet)
 * @param idle   no record was read from it for the idle timeout
 */
public record InputProgress(InputSource source, long time, boolean idle) {
}

package dev.streamscore.simulator.live;

import java.time.Duration;

/**
 * Counts of a {@link LiveStreamProducer} run.
 *
 * @param eventsSent    Transaction records the broker acknowledged
 * @param labelsSent    Label records the broker acknowledged
 * @param sendErrors    records (of either kind) that failed to serialize or were not acknowledged
 * @param labelsPending labels scheduled but not sent yet; after a run stopped by close(), the abandoned ones
 * @param elapsed       wall-clock time since the run started
 */
public record LiveStreamStats(long eventsSent, long labelsSent, long sendErrors, long labelsPending, Duration elapsed) {
}

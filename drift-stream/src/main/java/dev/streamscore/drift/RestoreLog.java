package dev.streamscore.drift;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs every state restore from a changelog (after a restart, or when this instance takes over a
 * task from another): how many records of which store, and how long it took. What a takeover costs
 * is the sum of these; standby replicas ({@code --kafka.num.standby.replicas}) keep it small.
 */
final class RestoreLog implements StateRestoreListener {
    private static final Logger LOG = LoggerFactory.getLogger(RestoreLog.class);

    private final Map<TopicPartition, Long> started = new ConcurrentHashMap<>();

    @Override
    public void onRestoreStart(TopicPartition partition, String store, long startingOffset, long endingOffset) {
        started.put(partition, System.nanoTime());
        if (endingOffset > startingOffset) {
            LOG.info("Restoring {} from {} (offsets {} to {})", store, partition, startingOffset, endingOffset);
        }
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long numRestored) {
    }

    @Override
    public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
        Long start = started.remove(partition);
        long millis = start == null ? 0 : (System.nanoTime() - start) / 1_000_000;
        if (totalRestored > 0) {
            LOG.info("Restored {} records of {} from {} in {} ms", totalRestored, store, partition, millis);
        }
    }
}

package dev.streamscore.scoring.updates;

import dev.streamscore.scoring.io.RawEvent;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Where a scoring task reads model updates from. Every task reads every update itself (not through
 * a broadcast edge from a source task), so that the events source can run in the scoring task:
 * Flink 2.2 never checkpoints a task whose chained source sits beside a network input. The task
 * keeps the feed's positions in its checkpoint next to the models in force, so a restore neither
 * loses nor repeats an update.
 */
public interface ModelUpdateFeed extends AutoCloseable {
    /** The updates that arrived since the last call, in order per partition; does not wait for more. */
    List<RawEvent> poll();

    /**
     * Reads everything the topic held when called, waiting up to {@code timeout}: what a task
     * applies before it scores its first event, so it never scores with a model already replaced.
     */
    List<RawEvent> catchUp(Duration timeout);

    /** The next offset to read of each partition read so far: what a checkpoint keeps. */
    Map<Integer, Long> positions();

    @Override
    void close();

    /** Opens a feed in a task manager; shipped with the job graph. */
    interface Factory extends Serializable {
        /** A feed that goes on from {@code positions} (partitions not in it: from their start). */
        ModelUpdateFeed open(Map<Integer, Long> positions, String clientId);
    }
}

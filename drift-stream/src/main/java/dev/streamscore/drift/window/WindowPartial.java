package dev.streamscore.drift.window;

/**
 * What a join task sends to the merge of a model version's windows, through the repartition by
 * model: the counts it built for one window from the input partitions it owns, or how far its
 * watermark has moved (sent to every merge task, after the counts it covers).
 */
public sealed interface WindowPartial permits WindowPartial.Counts, WindowPartial.Progress {
    /**
     * One task's counts of one window.
     *
     * @param kind     which monitor
     * @param modelKey model@version
     * @param start    window start (epoch ms)
     * @param task     the join task (its partition) that counted them
     * @param state    the counts ({@link WindowState#toBytes()})
     */
    record Counts(WindowKind kind, String modelKey, long start, int task, byte[] state) implements WindowPartial {
    }

    /**
     * Every count of windows closing at or before {@code time} that task {@code task} will send on
     * time has been sent.
     */
    record Progress(int task, long time) implements WindowPartial {
    }
}

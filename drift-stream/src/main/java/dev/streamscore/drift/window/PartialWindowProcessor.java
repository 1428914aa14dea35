package dev.streamscore.drift.window;

import dev.streamscore.drift.baseline.BaselineCache;
import dev.streamscore.drift.baseline.BaselineLookup;
import dev.streamscore.drift.join.JoinEvent;
import dev.streamscore.drift.join.JoinOutcome;
import dev.streamscore.drift.join.JoinWatermark;
import dev.streamscore.drift.metrics.ModelKeys;
import dev.streamscore.drift.watermark.ProgressStore;
import dev.streamscore.drift.watermark.SourceProgress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The per-event half of the window monitors, in the task that joined the events: adds each
 * outcome of the join to its model version's window (served counts for an accepted prediction,
 * performance counts for a labeled, unlabeled or late one) and, when the join's watermark passes
 * a window's close, sends that window's counts to the merge ({@link WindowMergeProcessor}), then
 * the watermark itself. Only these partial counts cross to the merge, a few per window and task
 * instead of one record per event, so one model version's per-event work spreads over every join
 * task, stream thread and instance.
 *
 * <p>With provisional performance results on, a performance window's counts are sent from its
 * served window's close on, at every move of the watermark, as they grow (labels come in), so
 * that the merge can see its label coverage before the label delay is over.
 *
 * <p>An outcome for a window this task has already sent is counted in a separate late partial,
 * sent within {@code flushInterval} (wall clock), so that the merge can revise the window.
 *
 * <p>State: the open partials ({@value #STORE}, changelogged, cached: written to RocksDB and the
 * changelog once per commit), and the same partials as objects, so that an event costs one
 * serialization and no deserialization (these two were a third of the stream threads' time); the
 * objects are written through on every update and dropped whenever the processor is initialized
 * (a restart, a task restored after a failure), so they never differ from the store. The
 * watermark is read from the join's progress store of the same task, so both agree after a restart.
 */
public final class PartialWindowProcessor implements Processor<String, JoinEvent, String, WindowPartial> {
    public static final String STORE = "window-partials-store";

    private final WindowTiming timing;
    private final ServedWindowAggregator served;
    private final PerformanceWindowAggregator performance;
    private final BaselineCache baselineCache;
    private final Duration flushInterval;
    private final String progressStoreName;
    private ProcessorContext<String, WindowPartial> context;
    private KeyValueStore<Bytes, byte[]> partials;
    private BaselineLookup baselines;
    private int task;
    private long watermark;
    /** The store's open partials, decoded. */
    private final Map<Bytes, WindowState> decoded = new HashMap<>();

    public PartialWindowProcessor(WindowTiming timing, WindowLimits limits, BaselineCache baselineCache,
            Duration flushInterval, String progressStoreName) {
        this.timing = timing;
        this.served = new ServedWindowAggregator(limits);
        this.performance = new PerformanceWindowAggregator(limits);
        this.baselineCache = baselineCache;
        this.flushInterval = flushInterval;
        this.progressStoreName = progressStoreName;
    }

    @Override
    public void init(ProcessorContext<String, WindowPartial> context) {
        this.context = context;
        this.partials = context.getStateStore(STORE);
        this.decoded.clear();
        this.baselines = BaselineLookup.of(context, baselineCache);
        this.task = context.taskId().partition();
        ReadOnlyKeyValueStore<String, SourceProgress> progress = context.getStateStore(progressStoreName);
        this.watermark = ProgressStore.watermark(progress);
        context.schedule(flushInterval, PunctuationType.WALL_CLOCK_TIME, now -> flush(true));
    }

    @Override
    public void process(Record<String, JoinEvent> record) {
        if (record.value() instanceof JoinWatermark moved) {
            watermark = moved.time();
            flush(false);
            context.forward(new Record<>("", new WindowPartial.Progress(task, watermark), record.timestamp()));
        } else if (record.value() instanceof JoinOutcome outcome) {
            add(outcome);
        }
    }

    private void add(JoinOutcome outcome) {
        WindowKind kind = outcome.kind() == JoinOutcome.Kind.ACCEPTED ? WindowKind.SERVED : WindowKind.PERFORMANCE;
        long time = outcome.kind() == JoinOutcome.Kind.LATE
                ? outcome.label().getLabelTime().toEpochMilli()
                : outcome.prediction().getEventTime().toEpochMilli();
        long start = timing.start(time);
        String modelKey = ModelKeys.of(outcome.prediction().getModelName(), outcome.prediction().getModelVersion());
        boolean late = timing.closesAt(kind, start) <= watermark;
        Bytes key = new WindowKeys.Partial(kind, start, late, modelKey).bytes();
        WindowState state = decoded.get(key);
        if (state == null) {
            byte[] stored = partials.get(key);
            state = stored == null ? kind.empty() : kind.decode(stored);
            decoded.put(key, state);
        }
        try {
            switch (outcome.kind()) {
                case ACCEPTED -> served.add((ServedWindow) state, outcome.prediction(), baselines.find(modelKey));
                case LABELED -> performance.addLabeled((PerformanceWindow) state, outcome.prediction(), outcome.label(),
                        baselines.find(modelKey));
                case RELABELED -> performance.relabel((PerformanceWindow) state, outcome.prediction(), outcome.label(),
                        baselines.find(modelKey));
                case UNLABELED -> performance.addUnlabeled((PerformanceWindow) state);
                case LATE -> performance.addLate((PerformanceWindow) state);
            }
            partials.put(key, state.toBytes());
        } catch (RuntimeException e) {
            decoded.remove(key); // the store has the counts without this outcome; so must the objects
            throw e;
        }
    }

    /** Sends the late partials and, unless {@code lateOnly}, every partial that is due. */
    private void flush(boolean lateOnly) {
        List<KeyValue<Bytes, byte[]>> due = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = partials.all()) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> kv = it.next();
                WindowKeys.Partial key = WindowKeys.Partial.of(kv.key);
                if (key.late() || (!lateOnly && timing.partialsDueAt(key.kind(), key.start()) <= watermark)) {
                    due.add(kv);
                }
            }
        }
        for (KeyValue<Bytes, byte[]> kv : due) {
            WindowKeys.Partial key = WindowKeys.Partial.of(kv.key);
            context.forward(new Record<>(key.modelKey(),
                    new WindowPartial.Counts(key.kind(), key.modelKey(), key.start(), task, kv.value),
                    timing.end(key.start())));
            partials.delete(kv.key);
            decoded.remove(kv.key);
        }
    }
}

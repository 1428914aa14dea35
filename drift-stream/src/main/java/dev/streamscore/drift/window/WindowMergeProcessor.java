package dev.streamscore.drift.window;

import dev.streamscore.drift.watermark.ProgressStore;
import dev.streamscore.drift.watermark.SourceProgress;
import dev.streamscore.drift.watermark.Watermark;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Merges the join tasks' partial counts of each model version's windows and closes a window when
 * the minimum of the join tasks' watermarks passes its close, so a window's result is complete
 * whatever order and speed the input partitions were read at: every join task sends a window's
 * counts before the watermark that closes it, through the same partition, in order.
 *
 * <p><b>Late records.</b> Counts that arrive after their window closed (records more than the
 * grace behind their own input partition, or from a partition that was idle and came back) are
 * merged into the window's kept state and the window is emitted again as a revision (1, 2, ...)
 * carrying how many of its events came late. Closed windows are kept for the revision horizon of
 * event time; counts for a window past it are counted ({@code late-events-discarded-total}) and
 * logged, not merged.
 *
 * <p><b>Provisional performance results.</b> A performance window closes a label delay after its
 * end, but labels often come much sooner. When its served window closes, its served prediction
 * count is kept ({@value #COVERAGE_STORE}); the join tasks send their performance counts from then
 * on as they grow (see {@link WindowTiming#partialsDueAt}), and as soon as the labeled pairs reach
 * the provisional coverage of that count the window's result is emitted early, marked provisional
 * (revision 0). Its result at close, with every outcome final, is then revision 1.
 *
 * <p>State: open windows ({@value #OPEN_STORE}) and closed ones kept for revisions
 * ({@value #CLOSED_STORE}), both keyed by close time so that closing and expiry scan only what is
 * due; open performance windows' served counts ({@value #COVERAGE_STORE}, same keys); the join
 * tasks' watermarks ({@value #PROGRESS_STORE}).
 */
public final class WindowMergeProcessor implements Processor<String, WindowPartial, String, ClosedWindow> {
    public static final String OPEN_STORE = "window-merge-open-store";
    public static final String CLOSED_STORE = "window-merge-closed-store";
    public static final String PROGRESS_STORE = "window-merge-progress-store";
    public static final String COVERAGE_STORE = "window-merge-coverage-store";
    static final String SCOPE = "drift-windows";
    private static final Logger LOG = LoggerFactory.getLogger(WindowMergeProcessor.class);

    private final WindowTiming timing;
    private final WindowLimits limits;
    private final int joinTasks;
    private ProcessorContext<String, ClosedWindow> context;
    private KeyValueStore<Bytes, byte[]> open;
    private KeyValueStore<Bytes, byte[]> closed;
    private KeyValueStore<Bytes, byte[]> coverage;
    private ProgressStore progress;
    private Watermark watermark;
    private Sensor lateEvents;
    private Sensor discardedEvents;
    private Sensor revisions;
    private Sensor provisionals;

    public WindowMergeProcessor(WindowTiming timing, WindowLimits limits, int joinTasks) {
        this.timing = timing;
        this.limits = limits;
        this.joinTasks = joinTasks;
    }

    static String joinTask(int task) {
        return "join-" + task;
    }

    @Override
    public void init(ProcessorContext<String, ClosedWindow> context) {
        this.context = context;
        this.open = context.getStateStore(OPEN_STORE);
        this.closed = context.getStateStore(CLOSED_STORE);
        this.coverage = context.getStateStore(COVERAGE_STORE);
        KeyValueStore<String, SourceProgress> progressStore = context.getStateStore(PROGRESS_STORE);
        this.progress = new ProgressStore(progressStore);
        this.watermark = progress.load(IntStream.range(0, joinTasks).mapToObj(WindowMergeProcessor::joinTask).toList());
        String taskId = context.taskId().toString();
        lateEvents = context.metrics().addRateTotalSensor(SCOPE, taskId, "late-events", Sensor.RecordingLevel.INFO);
        discardedEvents = context.metrics().addRateTotalSensor(SCOPE, taskId, "late-events-discarded",
                Sensor.RecordingLevel.INFO);
        revisions = context.metrics().addRateTotalSensor(SCOPE, taskId, "window-revisions", Sensor.RecordingLevel.INFO);
        provisionals = context.metrics().addRateTotalSensor(SCOPE, taskId, "provisional-results",
                Sensor.RecordingLevel.INFO);
    }

    @Override
    public void process(Record<String, WindowPartial> record) {
        if (record.value() instanceof WindowPartial.Progress p) {
            String task = joinTask(p.task());
            boolean advanced = watermark.update(task, p.time(), false);
            progress.save(task, watermark);
            if (advanced) {
                closeDue();
                expireRevisable();
            }
        } else if (record.value() instanceof WindowPartial.Counts counts) {
            add(counts);
        }
    }

    private void add(WindowPartial.Counts counts) {
        WindowKind kind = counts.kind();
        long closesAt = timing.closesAt(kind, counts.start());
        Bytes key = new WindowKeys.Merged(closesAt, kind, counts.start(), counts.modelKey()).bytes();
        WindowState partial = kind.decode(counts.state());
        if (closesAt > watermark.current()) {
            byte[] stored = open.get(key);
            WindowState merged = stored == null ? partial : kind.merge(kind.decode(stored), partial, limits);
            open.put(key, merged.toBytes());
            if (merged instanceof PerformanceWindow performance) {
                emitProvisionalIfCovered(key, counts.modelKey(), counts.start(), performance);
            }
            return;
        }
        long late = partial.events();
        byte[] stored = closed.get(key);
        Revisable revised;
        if (stored != null) {
            Revisable before = Revisable.decode(kind, stored);
            revised = new Revisable(before.revision() + 1, before.lateEvents() + late,
                    kind.merge(before.state(), partial, limits));
        } else if (watermark.current() < timing.revisableUntil(closesAt)) {
            // Nothing came on time for this window: its first result is made of late records.
            revised = new Revisable(1, late, partial);
        } else {
            record(discardedEvents, late);
            LOG.warn("{} late events of window {} of {} ({}) came after its revision horizon; counted, not merged",
                    late, counts.start(), counts.modelKey(), kind);
            return;
        }
        closed.put(key, revised.encode());
        record(lateEvents, late);
        revisions.record();
        LOG.info("Window {}-{} of {} ({}) revised ({}): {} late events merged, {} late in all", counts.start(),
                timing.end(counts.start()), counts.modelKey(), kind, revised.revision(), late, revised.lateEvents());
        emit(kind, counts.modelKey(), counts.start(), revised);
    }

    /** Emits every open window the watermark has passed, and keeps it for revisions. */
    private void closeDue() {
        List<KeyValue<Bytes, byte[]>> due = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = open.range(WindowKeys.Merged.closingBefore(Long.MIN_VALUE),
                WindowKeys.Merged.closingBefore(watermark.current() + 1))) {
            it.forEachRemaining(due::add);
        }
        for (KeyValue<Bytes, byte[]> kv : due) {
            WindowKeys.Merged key = WindowKeys.Merged.of(kv.key);
            WindowState state = key.kind().decode(kv.value);
            Coverage served = key.kind() == WindowKind.PERFORMANCE ? Coverage.decode(coverage.get(kv.key)) : null;
            Revisable result = new Revisable(served != null && served.provisionalSent() ? 1 : 0, 0, state);
            emit(key.kind(), key.modelKey(), key.start(), result);
            open.delete(kv.key);
            if (watermark.current() < timing.revisableUntil(key.closesAt())) {
                closed.put(kv.key, result.encode());
            }
            if (key.kind() == WindowKind.SERVED && timing.provisional()) {
                expectLabels(key, state.events());
            }
        }
        dropCoverageBefore(watermark.current() + 1);
    }

    /** Keeps a closed served window's prediction count for its performance window's provisional result. */
    private void expectLabels(WindowKeys.Merged served, long predictions) {
        long closesAt = timing.closesAt(WindowKind.PERFORMANCE, served.start());
        Bytes key = new WindowKeys.Merged(closesAt, WindowKind.PERFORMANCE, served.start(), served.modelKey()).bytes();
        coverage.put(key, new Coverage(predictions, false).encode());
        byte[] stored = open.get(key);
        if (stored != null) {
            emitProvisionalIfCovered(key, served.modelKey(), served.start(), PerformanceWindow.fromBytes(stored));
        }
    }

    private void emitProvisionalIfCovered(Bytes key, String modelKey, long start, PerformanceWindow counts) {
        Coverage served = Coverage.decode(coverage.get(key));
        if (served == null || served.provisionalSent() || !timing.coverageReached(counts.labeled(), served.predictions())) {
            return;
        }
        coverage.put(key, new Coverage(served.predictions(), true).encode());
        provisionals.record();
        LOG.debug("Window {}-{} of {}: {} of {} predictions labeled, provisional performance result", start,
                timing.end(start), modelKey, counts.labeled(), served.predictions());
        long end = timing.end(start);
        context.forward(new Record<>(modelKey, new ClosedWindow(WindowKind.PERFORMANCE, modelKey, start, end, 0, 0,
                counts.provisional(served.predictions()), true), end));
    }

    private void dropCoverageBefore(long closesAt) {
        List<Bytes> done = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = coverage.range(WindowKeys.Merged.closingBefore(Long.MIN_VALUE),
                WindowKeys.Merged.closingBefore(closesAt))) {
            it.forEachRemaining(kv -> done.add(kv.key));
        }
        done.forEach(coverage::delete);
    }

    /** Drops closed windows past their revision horizon. */
    private void expireRevisable() {
        long horizon = timing.revisionHorizon().toMillis();
        List<Bytes> expired = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = closed.range(WindowKeys.Merged.closingBefore(Long.MIN_VALUE),
                WindowKeys.Merged.closingBefore(watermark.current() - horizon + 1))) {
            it.forEachRemaining(kv -> expired.add(kv.key));
        }
        expired.forEach(closed::delete);
    }

    /** A rate-total sensor counts recordings, so one per event. */
    private static void record(Sensor sensor, long events) {
        for (long i = 0; i < events; i++) {
            sensor.record();
        }
    }

    private void emit(WindowKind kind, String modelKey, long start, Revisable result) {
        long end = timing.end(start);
        context.forward(new Record<>(modelKey,
                new ClosedWindow(kind, modelKey, start, end, result.revision(), result.lateEvents(), result.state(), false),
                end));
    }

    /**
     * An open performance window's served prediction count, and whether its provisional result
     * has been emitted.
     */
    record Coverage(long predictions, boolean provisionalSent) {
        byte[] encode() {
            return ByteBuffer.allocate(Long.BYTES + 1).putLong(predictions).put((byte) (provisionalSent ? 1 : 0)).array();
        }

        static Coverage decode(byte[] data) {
            if (data == null) {
                return null;
            }
            ByteBuffer in = ByteBuffer.wrap(data);
            return new Coverage(in.getLong(), in.get() != 0);
        }
    }

    /** A closed window's result, kept for revisions: its counts, revision and late events so far. */
    record Revisable(int revision, long lateEvents, WindowState state) {
        byte[] encode() {
            try {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                DataOutputStream out = new DataOutputStream(bytes);
                out.writeInt(revision);
                out.writeLong(lateEvents);
                out.write(state.toBytes());
                out.flush();
                return bytes.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        static Revisable decode(WindowKind kind, byte[] data) {
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
                int revision = in.readInt();
                long late = in.readLong();
                return new Revisable(revision, late, kind.decode(in.readAllBytes()));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read a closed window's state", e);
            }
        }
    }
}

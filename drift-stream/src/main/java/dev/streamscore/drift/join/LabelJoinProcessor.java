package dev.streamscore.drift.join;

import dev.streamscore.avro.Label;
import dev.streamscore.avro.Prediction;
import dev.streamscore.drift.join.PendingPredictions.Entry;
import dev.streamscore.drift.join.PendingPredictions.Status;
import dev.streamscore.drift.watermark.InputPartitions;
import dev.streamscore.drift.watermark.InputProgress;
import dev.streamscore.drift.watermark.InputSource;
import dev.streamscore.drift.watermark.ProgressStore;
import dev.streamscore.drift.watermark.SourceProgress;
import dev.streamscore.drift.watermark.Watermark;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
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
 * Joins predictions with labels by event id, deduplicates predictions, and says what became of
 * every prediction, as {@link JoinOutcome}s keyed by event id; and forwards the watermark each
 * time it moves ({@link JoinWatermark}).
 *
 * <p><b>Why a store-based join and not a KStream-KStream window join.</b> Both hold each side for
 * the maximum label delay plus grace. This processor is used because the monitors need more than
 * the matched pairs, exactly once per prediction:
 * <ul>
 *   <li>Deduplication: at-least-once upstreams repeat predictions; the same store that waits for
 *       the label recognises a repeat of (event id, model@version, role), so duplicates are dropped
 *       before any monitor counts them. A window join would join every duplicate again.</li>
 *   <li>Coverage and lateness: a prediction whose label does not come within the delay is emitted
 *       once as UNLABELED, and predictions are kept for twice the maximum delay, so a label for a
 *       prediction that has expired is counted as LATE for that prediction's model, and only a
 *       label with no prediction at all as a label without a prediction. A window join drops late
 *       records silently, and its outer join cannot tell a late label from an unknown event id.</li>
 *   <li>One event, several model versions: each held prediction (champion, challenger, shadow)
 *       is labeled by the one label, each label joins each exactly once, and a repeated or
 *       corrected label joins nothing twice.</li>
 * </ul>
 * Both inputs arrive through one repartition topic keyed by event id, so they are co-partitioned.
 *
 * <p><b>Time: the watermark, not stream time.</b> This task's input partition interleaves the
 * records of every input partition, read at their own pace; its Kafka Streams stream time is
 * pushed by the fastest of them. Every decision that waits for time to pass therefore waits for
 * the {@link Watermark}: the event time every input partition has been read up to, from the
 * {@link InputProgress} each reading task sends after its records. A label joins when
 * {@code label_time - event_time <= maxLabelDelay}. When the watermark passes a prediction's event
 * time + delay + grace it is emitted UNLABELED; when it passes a label's time + grace without a
 * prediction, the label is counted as one without a prediction. ACCEPTED, LABELED and UNLABELED
 * carry the prediction's event time as timestamp (performance is measured by prediction time);
 * LATE carries the label's time.
 *
 * <p><b>State.</b> Key-value stores (RocksDB, changelogged, compacted) by event id, and a time
 * index ({@link TimeIndex}) that the sweeps scan, so state is removed when the watermark passes
 * {@link JoinSettings#predictionRetention()} and {@link JoinSettings#labelRetention()} (labels that
 * joined nothing: {@link JoinSettings#unmatchedLabelRetention()}, for predictions that come late): it holds
 * what is still open, however far apart the input partitions are read, and the changelogs hold no
 * more than that plus recent deletions. A duplicate that comes after its prediction has left the
 * store is counted again.
 */
public final class LabelJoinProcessor implements Processor<String, JoinInput, String, JoinEvent> {
    public static final String PREDICTIONS_STORE = "join-predictions-store";
    public static final String LABELS_STORE = "join-labels-store";
    public static final String INDEX_STORE = "join-time-index-store";
    public static final String PROGRESS_STORE = "join-progress-store";
    private static final Logger LOG = LoggerFactory.getLogger(LabelJoinProcessor.class);
    private static final String UNLABELED_SWEPT = "unlabeled-swept";
    private static final String ORPHANS_SWEPT = "orphans-swept";
    private static final byte[] PRESENT = new byte[0];

    private final long maxDelay;
    private final long grace;
    private final JoinSettings settings;
    private final InputPartitions partitions;
    private ProcessorContext<String, JoinEvent> context;
    private KeyValueStore<String, PendingPredictions> predictions;
    private KeyValueStore<String, PendingLabel> labels;
    private KeyValueStore<Bytes, byte[]> index;
    private ProgressStore progress;
    private Watermark watermark;
    private JoinCounters counters;
    /** Predictions with event time up to here have been swept (emitted UNLABELED when unlabeled). */
    private long unlabeledSweptUpTo;
    /** Labels with label time up to here have been checked for a prediction. */
    private long orphansSweptUpTo;

    public LabelJoinProcessor(JoinSettings settings, InputPartitions partitions) {
        this.settings = settings;
        this.partitions = partitions;
        this.maxDelay = settings.maxLabelDelay().toMillis();
        this.grace = settings.grace().toMillis();
    }

    @Override
    public void init(ProcessorContext<String, JoinEvent> context) {
        this.context = context;
        this.predictions = context.getStateStore(PREDICTIONS_STORE);
        this.labels = context.getStateStore(LABELS_STORE);
        this.index = context.getStateStore(INDEX_STORE);
        KeyValueStore<String, SourceProgress> progressStore = context.getStateStore(PROGRESS_STORE);
        this.progress = new ProgressStore(progressStore);
        this.watermark = progress.load(partitions.sources().stream().map(InputSource::id).toList());
        this.unlabeledSweptUpTo = progress.mark(UNLABELED_SWEPT);
        this.orphansSweptUpTo = progress.mark(ORPHANS_SWEPT);
        this.counters = new JoinCounters(context.metrics(), context.taskId().toString());
    }

    @Override
    public void process(Record<String, JoinInput> record) {
        JoinInput input = record.value();
        if (input == null) {
            return;
        }
        if (input.isProgress()) {
            onProgress(input.progress());
        } else if (record.key() != null) {
            if (input.isPrediction()) {
                onPrediction(record.key(), input.prediction());
            } else {
                onLabel(record.key(), input.label());
            }
        }
    }

    private void onProgress(InputProgress p) {
        String source = p.source().id();
        boolean advanced = watermark.update(source, p.time(), p.idle());
        progress.save(source, watermark);
        if (advanced) {
            long now = watermark.current();
            sweep(now);
            context.forward(new Record<>(source, new JoinWatermark(now), Math.max(0, now)));
        }
    }

    private void onPrediction(String eventId, Prediction prediction) {
        long eventTime = prediction.getEventTime().toEpochMilli();
        PendingPredictions held = predictions.get(eventId);
        if (held != null && held.contains(prediction)) {
            counters.duplicatePredictions.record();
            LOG.debug("Dropped a duplicate prediction of event {} by {}@{} {}", eventId, prediction.getModelName(),
                    prediction.getModelVersion(), prediction.getRole());
            return;
        }
        forward(eventId, JoinOutcome.Kind.ACCEPTED, prediction, null, eventTime);
        Status status = Status.OPEN;
        PendingLabel label = labels.get(eventId);
        long labelTime = label == null ? 0 : label.label().getLabelTime().toEpochMilli();
        if (label != null && labelTime - eventTime >= -grace) {
            labels.put(eventId, new PendingLabel(label.label(), true, label.reported()));
            if (labelTime - eventTime <= maxDelay) {
                status = Status.LABELED;
                forward(eventId, JoinOutcome.Kind.LABELED, prediction, label.label(), eventTime);
                counters.labeled.record();
            } else {
                status = Status.LATE;
                late(eventId, prediction, label.label(), eventTime, labelTime, true);
            }
        } else if (eventTime <= unlabeledSweptUpTo) {
            // Arrived after its own sweep: nothing will sweep it again, so it is unlabeled now.
            status = Status.EXPIRED;
            forward(eventId, JoinOutcome.Kind.UNLABELED, prediction, null, eventTime);
            counters.unlabeled.record();
        }
        if (held == null) {
            held = PendingPredictions.empty();
            index.put(TimeIndex.key(TimeIndex.PREDICTION, eventTime, eventId), PRESENT);
        }
        predictions.put(eventId, held.plus(new Entry(prediction, status)));
    }

    private void onLabel(String eventId, Label label) {
        long labelTime = label.getLabelTime().toEpochMilli();
        if (labels.get(eventId) != null) {
            counters.duplicateLabels.record();
            return;
        }
        PendingPredictions pending = predictions.get(eventId);
        boolean matched = false;
        boolean joinedAny = false;
        if (pending != null && !pending.entries().isEmpty()) {
            long eventTime = pending.entries().get(0).prediction().getEventTime().toEpochMilli();
            matched = labelTime - eventTime >= -grace;
            for (int i = 0; matched && i < pending.entries().size(); i++) {
                Entry entry = pending.entries().get(i);
                if (entry.status() == Status.OPEN && labelTime - eventTime <= maxDelay) {
                    forward(eventId, JoinOutcome.Kind.LABELED, entry.prediction(), label, eventTime);
                    counters.labeled.record();
                    pending = pending.with(i, entry.withStatus(Status.LABELED));
                    joinedAny = true;
                } else if (entry.status() == Status.EXPIRED && labelTime - eventTime <= maxDelay) {
                    // The label was in time by event time; its partition was read late (idle or lagging).
                    forward(eventId, JoinOutcome.Kind.RELABELED, entry.prediction(), label, eventTime);
                    counters.relabeled.record();
                    pending = pending.with(i, entry.withStatus(Status.LABELED));
                    joinedAny = true;
                } else if (entry.status() == Status.OPEN || entry.status() == Status.EXPIRED) {
                    late(eventId, entry.prediction(), label, eventTime, labelTime, entry.status() == Status.OPEN);
                    pending = pending.with(i, entry.withStatus(Status.LATE));
                    joinedAny = true;
                }
            }
            if (joinedAny) {
                predictions.put(eventId, pending);
            }
        }
        if (matched && !joinedAny) {
            // Every prediction of the event already has its label: a repeated or corrected label.
            counters.duplicateLabels.record();
            return;
        }
        boolean reported = false;
        if (!matched && labelTime <= orphansSweptUpTo) {
            // Arrived after its own sweep, with no prediction: counted now, as the sweep would have.
            counters.labelsWithoutPrediction.record();
            reported = true;
        }
        labels.put(eventId, new PendingLabel(label, matched, reported));
        index.put(TimeIndex.key(TimeIndex.LABEL, labelTime, eventId), PRESENT);
    }

    /**
     * A label after the maximum delay: counted for the prediction's model at the label's time. If
     * the prediction had not been swept yet it is also unlabeled, so coverage stays exact.
     */
    private void late(String eventId, Prediction prediction, Label label, long eventTime, long labelTime, boolean stillOpen) {
        if (stillOpen) {
            forward(eventId, JoinOutcome.Kind.UNLABELED, prediction, null, eventTime);
            counters.unlabeled.record();
        }
        forward(eventId, JoinOutcome.Kind.LATE, prediction, label, labelTime);
        counters.lateLabels.record();
        LOG.debug("Late label for event {} ({} ms after the prediction, max {} ms)", eventId, labelTime - eventTime, maxDelay);
    }

    /** Everything the watermark's move to {@code now} makes due, oldest first. */
    private void sweep(long now) {
        long unlabeledUpTo = now - maxDelay - grace;
        if (unlabeledUpTo > unlabeledSweptUpTo) {
            scan(TimeIndex.PREDICTION, unlabeledSweptUpTo, unlabeledUpTo, this::expirePredictions);
            unlabeledSweptUpTo = unlabeledUpTo;
            progress.setMark(UNLABELED_SWEPT, unlabeledUpTo);
        }
        long orphansUpTo = now - grace;
        if (orphansUpTo > orphansSweptUpTo) {
            scan(TimeIndex.LABEL, orphansSweptUpTo, orphansUpTo, this::checkLabel);
            orphansSweptUpTo = orphansUpTo;
            progress.setMark(ORPHANS_SWEPT, orphansUpTo);
        }
        // Removal scans from the start: an entry that arrived behind an earlier removal is removed now.
        scan(TimeIndex.PREDICTION, Watermark.UNKNOWN, now - settings.predictionRetention().toMillis(), key -> {
            predictions.delete(TimeIndex.eventId(key));
            index.delete(key);
        });
        scan(TimeIndex.LABEL, Watermark.UNKNOWN, now - settings.labelRetention().toMillis(), key -> {
            String eventId = TimeIndex.eventId(key);
            PendingLabel held = labels.get(eventId);
            index.delete(key);
            if (held != null && !held.matched() && settings.lateHorizon().toMillis() > 0) {
                // No prediction yet: one may still come late; kept as long as windows take revisions.
                index.put(TimeIndex.key(TimeIndex.UNMATCHED_LABEL, TimeIndex.time(key), eventId), PRESENT);
            } else {
                labels.delete(eventId);
            }
        });
        scan(TimeIndex.UNMATCHED_LABEL, Watermark.UNKNOWN, now - settings.unmatchedLabelRetention().toMillis(), key -> {
            labels.delete(TimeIndex.eventId(key));
            index.delete(key);
        });
    }

    /** Emits UNLABELED for the open predictions of the event at {@code key}. */
    private void expirePredictions(Bytes key) {
        String eventId = TimeIndex.eventId(key);
        PendingPredictions pending = predictions.get(eventId);
        if (pending == null) {
            return;
        }
        boolean changed = false;
        for (int i = 0; i < pending.entries().size(); i++) {
            Entry entry = pending.entries().get(i);
            if (entry.status() == Status.OPEN) {
                forward(eventId, JoinOutcome.Kind.UNLABELED, entry.prediction(), null, TimeIndex.time(key));
                counters.unlabeled.record();
                pending = pending.with(i, entry.withStatus(Status.EXPIRED));
                changed = true;
            }
        }
        if (changed) {
            predictions.put(eventId, pending);
        }
    }

    /** Counts the label at {@code key} if no prediction of its event came within the grace. */
    private void checkLabel(Bytes key) {
        String eventId = TimeIndex.eventId(key);
        PendingLabel held = labels.get(eventId);
        if (held != null && !held.matched() && !held.reported()) {
            counters.labelsWithoutPrediction.record();
            LOG.debug("Label for event {} found no prediction within {} ms", eventId, grace);
            labels.put(eventId, new PendingLabel(held.label(), false, true));
        }
    }

    /**
     * Calls {@code action} for every index key of {@code kind} with a time in (after, upTo]. The
     * keys are collected first: the action writes to the stores the iterator reads.
     */
    private void scan(byte kind, long after, long upTo, Consumer<Bytes> action) {
        if (upTo == Long.MAX_VALUE || upTo <= after) {
            return;
        }
        List<Bytes> due = new ArrayList<>();
        Bytes from = TimeIndex.lowest(kind, after == Watermark.UNKNOWN ? Long.MIN_VALUE : after + 1);
        try (KeyValueIterator<Bytes, byte[]> it = index.range(from, TimeIndex.lowest(kind, upTo + 1))) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> kv = it.next();
                due.add(kv.key);
            }
        }
        due.forEach(action);
    }

    private void forward(String eventId, JoinOutcome.Kind kind, Prediction prediction, Label label, long timestamp) {
        context.forward(new Record<>(eventId, new JoinOutcome(kind, prediction, label), timestamp));
    }
}

package dev.streamscore.drift.join;

import dev.streamscore.avro.Label;
import dev.streamscore.avro.Prediction;
import dev.streamscore.drift.join.PendingPredictions.Entry;
import dev.streamscore.drift.join.PendingPredictions.Status;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins predictions with labels by event id, deduplicates predictions, and says what became of
 * every prediction, as {@link JoinOutcome}s keyed by event id.
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
 * <p><b>Time.</b> Event time throughout: a prediction's timestamp is its event_time, a label's its
 * label_time. A label joins when {@code label_time - event_time <= maxLabelDelay}. Every
 * {@link JoinSettings#sweepInterval()} of stream time the processor emits UNLABELED for
 * predictions older than delay + grace, and counts labels that found no prediction within grace.
 * ACCEPTED, LABELED and UNLABELED carry the prediction's event time as timestamp (performance is
 * measured by prediction time); LATE carries the label's time.
 *
 * <p><b>State.</b> Two window stores (RocksDB, changelogged) keyed by event id at the record's
 * time, so expiry is by segment drop and sweeps are time-range scans: predictions for
 * {@link JoinSettings#predictionRetention()}, labels for {@link JoinSettings#labelRetention()}.
 * A duplicate that comes after its prediction has left the store is counted again.
 */
public final class LabelJoinProcessor implements Processor<String, JoinInput, String, JoinOutcome> {
    public static final String PREDICTIONS_STORE = "join-predictions-store";
    public static final String LABELS_STORE = "join-labels-store";
    private static final Logger LOG = LoggerFactory.getLogger(LabelJoinProcessor.class);

    private final long maxDelay;
    private final long grace;
    private final JoinSettings settings;
    private ProcessorContext<String, JoinOutcome> context;
    private WindowStore<String, PendingPredictions> predictions;
    private WindowStore<String, PendingLabel> labels;
    private JoinCounters counters;
    /** Predictions with event time up to here have been swept (emitted UNLABELED when unlabeled). */
    private long predictionsSweptUpTo = Long.MIN_VALUE;
    private long labelsSweptUpTo = Long.MIN_VALUE;

    public LabelJoinProcessor(JoinSettings settings) {
        this.settings = settings;
        this.maxDelay = settings.maxLabelDelay().toMillis();
        this.grace = settings.grace().toMillis();
    }

    @Override
    public void init(ProcessorContext<String, JoinOutcome> context) {
        this.context = context;
        this.predictions = context.getStateStore(PREDICTIONS_STORE);
        this.labels = context.getStateStore(LABELS_STORE);
        this.counters = new JoinCounters(context.metrics(), context.taskId().toString());
        context.schedule(settings.sweepInterval(), PunctuationType.STREAM_TIME, this::sweep);
    }

    @Override
    public void process(Record<String, JoinInput> record) {
        if (record.key() == null || record.value() == null) {
            return;
        }
        if (record.value().isPrediction()) {
            onPrediction(record.key(), record.value().prediction());
        } else {
            onLabel(record.key(), record.value().label());
        }
    }

    private void onPrediction(String eventId, Prediction prediction) {
        long eventTime = prediction.getEventTime().toEpochMilli();
        PendingPredictions held = predictions.fetch(eventId, eventTime);
        if (held == null) {
            held = PendingPredictions.empty();
        } else if (held.contains(prediction)) {
            counters.duplicatePredictions.record();
            LOG.debug("Dropped a duplicate prediction of event {} by {}@{} {}", eventId, prediction.getModelName(),
                    prediction.getModelVersion(), prediction.getRole());
            return;
        }
        forward(eventId, JoinOutcome.Kind.ACCEPTED, prediction, null, eventTime);
        Status status = Status.OPEN;
        Found<PendingLabel> label = firstLabel(eventId, eventTime);
        if (label != null) {
            long delay = label.time() - eventTime;
            labels.put(eventId, new PendingLabel(label.value().label(), true, label.value().reported()), label.time());
            if (delay <= maxDelay) {
                status = Status.LABELED;
                forward(eventId, JoinOutcome.Kind.LABELED, prediction, label.value().label(), eventTime);
                counters.labeled.record();
            } else {
                status = Status.LATE;
                late(eventId, prediction, label.value().label(), eventTime, label.time(), true);
            }
        } else if (eventTime <= predictionsSweptUpTo) {
            // Arrived after its own sweep: nothing will sweep it again, so it is unlabeled now.
            status = Status.EXPIRED;
            forward(eventId, JoinOutcome.Kind.UNLABELED, prediction, null, eventTime);
            counters.unlabeled.record();
        }
        predictions.put(eventId, held.plus(new Entry(prediction, status)), eventTime);
    }

    private void onLabel(String eventId, Label label) {
        long labelTime = label.getLabelTime().toEpochMilli();
        if (labels.fetch(eventId, labelTime) != null) {
            counters.duplicateLabels.record();
            return;
        }
        boolean matched = false;
        boolean joinedAny = false;
        List<KeyValue<Long, PendingPredictions>> updates = new ArrayList<>();
        long from = labelTime - settings.predictionRetention().toMillis();
        try (WindowStoreIterator<PendingPredictions> it = predictions.fetch(eventId, from, labelTime + grace)) {
            while (it.hasNext()) {
                KeyValue<Long, PendingPredictions> held = it.next();
                long eventTime = held.key;
                PendingPredictions pending = held.value;
                matched = true;
                for (int i = 0; i < pending.entries().size(); i++) {
                    Entry entry = pending.entries().get(i);
                    if (entry.status() == Status.OPEN && labelTime - eventTime <= maxDelay) {
                        forward(eventId, JoinOutcome.Kind.LABELED, entry.prediction(), label, eventTime);
                        counters.labeled.record();
                        pending = pending.with(i, entry.withStatus(Status.LABELED));
                        joinedAny = true;
                    } else if (entry.status() == Status.OPEN || entry.status() == Status.EXPIRED) {
                        late(eventId, entry.prediction(), label, eventTime, labelTime, entry.status() == Status.OPEN);
                        pending = pending.with(i, entry.withStatus(Status.LATE));
                        joinedAny = true;
                    }
                }
                updates.add(KeyValue.pair(eventTime, pending));
            }
        }
        for (KeyValue<Long, PendingPredictions> update : updates) {
            predictions.put(eventId, update.value, update.key);
        }
        if (matched && !joinedAny) {
            // Every prediction of the event already has its label: a repeated or corrected label.
            counters.duplicateLabels.record();
            return;
        }
        labels.put(eventId, new PendingLabel(label, matched, false), labelTime);
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

    private Found<PendingLabel> firstLabel(String eventId, long eventTime) {
        try (WindowStoreIterator<PendingLabel> it = labels.fetch(eventId, eventTime - grace,
                eventTime + settings.predictionRetention().toMillis())) {
            if (it.hasNext()) {
                KeyValue<Long, PendingLabel> kv = it.next();
                return new Found<>(kv.key, kv.value);
            }
        }
        return null;
    }

    private record Found<V>(long time, V value) {
    }

    private void sweep(long streamTime) {
        long expiredUpTo = streamTime - maxDelay - grace;
        if (expiredUpTo > predictionsSweptUpTo) {
            sweepPredictions(expiredUpTo);
            predictionsSweptUpTo = expiredUpTo;
        }
        long orphanedUpTo = streamTime - grace;
        if (orphanedUpTo > labelsSweptUpTo) {
            sweepLabels(orphanedUpTo);
            labelsSweptUpTo = orphanedUpTo;
        }
    }

    private void sweepPredictions(long upTo) {
        List<KeyValue<Windowed<String>, PendingPredictions>> updates = new ArrayList<>();
        try (KeyValueIterator<Windowed<String>, PendingPredictions> it = predictions.fetchAll(from(predictionsSweptUpTo), upTo)) {
            while (it.hasNext()) {
                KeyValue<Windowed<String>, PendingPredictions> held = it.next();
                PendingPredictions pending = held.value;
                boolean changed = false;
                for (int i = 0; i < pending.entries().size(); i++) {
                    Entry entry = pending.entries().get(i);
                    if (entry.status() == Status.OPEN) {
                        forward(held.key.key(), JoinOutcome.Kind.UNLABELED, entry.prediction(), null,
                                held.key.window().start());
                        counters.unlabeled.record();
                        pending = pending.with(i, entry.withStatus(Status.EXPIRED));
                        changed = true;
                    }
                }
                if (changed) {
                    updates.add(KeyValue.pair(held.key, pending));
                }
            }
        }
        updates.forEach(u -> predictions.put(u.key.key(), u.value, u.key.window().start()));
    }

    private void sweepLabels(long upTo) {
        List<KeyValue<Windowed<String>, PendingLabel>> updates = new ArrayList<>();
        try (KeyValueIterator<Windowed<String>, PendingLabel> it = labels.fetchAll(from(labelsSweptUpTo), upTo)) {
            while (it.hasNext()) {
                KeyValue<Windowed<String>, PendingLabel> held = it.next();
                if (!held.value.matched() && !held.value.reported()) {
                    counters.labelsWithoutPrediction.record();
                    LOG.debug("Label for event {} found no prediction within {} ms", held.key.key(), grace);
                    updates.add(KeyValue.pair(held.key, new PendingLabel(held.value.label(), false, true)));
                }
            }
        }
        updates.forEach(u -> labels.put(u.key.key(), u.value, u.key.window().start()));
    }

    private static long from(long sweptUpTo) {
        // After a restart the sweep marks are lost; scanning from the start is safe because swept
        // entries carry their status and are not emitted twice.
        return sweptUpTo == Long.MIN_VALUE ? 0 : sweptUpTo + 1;
    }

    private void forward(String eventId, JoinOutcome.Kind kind, Prediction prediction, Label label, long timestamp) {
        context.forward(new Record<>(eventId, new JoinOutcome(kind, prediction, label), timestamp));
    }
}

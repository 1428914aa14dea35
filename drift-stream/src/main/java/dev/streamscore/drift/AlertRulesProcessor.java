package dev.streamscore.drift;

import dev.streamscore.avro.Alert;
import dev.streamscore.drift.alerts.AlertEngine;
import dev.streamscore.drift.alerts.AlertState;
import dev.streamscore.drift.alerts.AlertTransition;
import dev.streamscore.drift.metrics.WindowReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link AlertEngine} on each window report, with the model version's {@link AlertState}
 * in a changelogged store keyed by model@version, so open alerts, hysteresis counts and cooldowns
 * survive restarts and rebalances. Emits one Avro {@link Alert} per transition, keyed by
 * model@version.
 *
 * <p>Rules decide on each window's result at its close, in window order: hysteresis and
 * cooldown count consecutive windows. A revision (a window's result again, with late records
 * merged) arrives after later windows have been judged; judging it again would count that window
 * twice in a streak, so revisions are not judged. They reach drift-metrics, the dashboard and
 * {@code /metrics/latest}, marked, with their late events counted. A performance window that gave a
 * provisional result (its labels reached the provisional coverage early) is judged on that result,
 * as soon as it comes; its final result at the label delay is revision 1 and not judged again.
 *
 * <p>A version that stops scoring (retired, replaced by a new champion, or its traffic stopped) gets
 * no more windows, so nothing would ever clear its alerts: a wall-clock punctuation resolves the open
 * alerts of a version with no window result for {@code alert-idle-resolve} and forgets its state.
 */
final class AlertRulesProcessor implements Processor<String, WindowReport, String, Alert> {
    static final String STORE = "alert-state-store";
    private static final Logger LOG = LoggerFactory.getLogger(AlertRulesProcessor.class);

    private final AlertEngine engine;
    private ProcessorContext<String, Alert> context;
    private KeyValueStore<String, AlertState> states;

    AlertRulesProcessor(AlertEngine engine) {
        this.engine = engine;
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        this.context = context;
        this.states = context.getStateStore(STORE);
        Duration idle = engine.settings().idleResolve();
        if (!idle.isZero()) {
            Duration every = idle.dividedBy(4).compareTo(Duration.ofSeconds(30)) < 0 ? idle.dividedBy(4) : Duration.ofSeconds(30);
            context.schedule(every.isZero() ? Duration.ofMillis(1) : every, PunctuationType.WALL_CLOCK_TIME,
                    this::resolveIdle);
        }
    }

    private void resolveIdle(long now) {
        List<KeyValue<String, AlertState>> idle = new ArrayList<>();
        try (KeyValueIterator<String, AlertState> all = states.all()) {
            all.forEachRemaining(idle::add);
        }
        for (KeyValue<String, AlertState> kv : idle) {
            AlertState state = kv.value;
            if (state.lastReport() <= 0) {
                // State from before the time was kept: count from now.
                states.put(kv.key, state.reported(now, state.lastWindowEnd()));
                continue;
            }
            if (!engine.isIdle(state, now)) {
                continue;
            }
            states.delete(kv.key);
            for (AlertTransition t : engine.resolveIdle(state, kv.key, now)) {
                LOG.info("RESOLVED {} {}: {}", t.severity(), t.alertId(), t.message());
                context.forward(new Record<>(kv.key, AvroRecords.alert(t, now), state.lastWindowEnd()));
            }
        }
    }

    @Override
    public void process(Record<String, WindowReport> record) {
        WindowReport report = record.value();
        if (report == null) {
            return;
        }
        if (report.isRevision()) {
            LOG.debug("Revision {} of window {}-{} of {} is not judged by the alert rules", report.revision(),
                    report.windowStart(), report.windowEnd(), report.modelKey());
            return;
        }
        String key = report.modelKey();
        AlertState state = states.get(key);
        if (state == null) {
            state = AlertState.empty();
        }
        List<AlertTransition> transitions = engine.evaluate(state, report);
        state = state.reported(context.currentSystemTimeMs(), report.windowEnd());
        if (state.isEmpty()) {
            states.delete(key);
        } else {
            states.put(key, state);
        }
        for (AlertTransition t : transitions) {
            LOG.info("{} {} {}: {}", t.firing() ? "FIRING" : "RESOLVED", t.severity(), t.alertId(), t.message());
            context.forward(new Record<>(key, AvroRecords.alert(t, context.currentSystemTimeMs()), record.timestamp()));
        }
    }
}

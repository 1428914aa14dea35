package dev.streamscore.drift.window;

import dev.streamscore.drift.baseline.Baseline;
import dev.streamscore.drift.baseline.BaselineCache;
import dev.streamscore.drift.baseline.BaselineLookup;
import dev.streamscore.drift.metrics.MetricKind;
import dev.streamscore.drift.metrics.MetricName;
import dev.streamscore.drift.metrics.MetricValue;
import dev.streamscore.drift.metrics.ModelKeys;
import dev.streamscore.drift.metrics.WindowReport;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns each closed (or revised) window into a {@link WindowReport} against the baseline current
 * at close: the monitor's metrics, then what the window counted ({@code served/events} and
 * {@code served/late_events}; {@code performance/events}, {@code performance/labeled_pairs} and
 * {@code performance/late_events}), so every result says how many events it rests on and how many
 * of them came late.
 */
public final class WindowProcessors {
    private static final Logger LOG = LoggerFactory.getLogger(WindowProcessors.class);

    private WindowProcessors() {
    }

    public static Processor<String, ClosedWindow, String, WindowReport> evaluate(BaselineCache cache,
            ServedWindowMetrics served, PerformanceWindowMetrics performance) {
        return new Processor<>() {
            private ProcessorContext<String, WindowReport> context;
            private BaselineLookup baselines;

            @Override
            public void init(ProcessorContext<String, WindowReport> context) {
                this.context = context;
                this.baselines = BaselineLookup.of(context, cache);
            }

            @Override
            public void process(Record<String, ClosedWindow> record) {
                ClosedWindow window = record.value();
                if (window == null) {
                    return;
                }
                Baseline baseline = baselines.find(window.modelKey());
                List<MetricValue> metrics = new ArrayList<>(window.state() instanceof ServedWindow s
                        ? served.evaluate(s, baseline)
                        : performance.evaluate((PerformanceWindow) window.state(), baseline));
                metrics.addAll(counts(window));
                String[] nameVersion = ModelKeys.split(window.modelKey());
                WindowReport report = new WindowReport(nameVersion[0], nameVersion[1], window.start(), window.end(),
                        context.currentSystemTimeMs(), metrics, window.revision(), window.provisional());
                LOG.debug("{} window {}-{} of {} (revision {}{}): {} events, {} late, {} metrics", window.kind(),
                        window.start(), window.end(), window.modelKey(), window.revision(),
                        window.provisional() ? ", provisional" : "", window.state().events(), window.lateEvents(),
                        metrics.size());
                context.forward(new Record<>(window.modelKey(), report, window.end()));
            }
        };
    }

    static List<MetricValue> counts(ClosedWindow window) {
        long events = window.state().events();
        String kind = window.kind() == WindowKind.SERVED ? MetricKind.SERVED : MetricKind.PERFORMANCE;
        List<MetricValue> counts = new ArrayList<>(3);
        counts.add(MetricValue.of(kind, MetricName.EVENTS, events, events));
        if (window.state() instanceof PerformanceWindow p) {
            counts.add(MetricValue.of(kind, MetricName.LABELED_PAIRS, p.labeled(), p.labeled()));
        }
        counts.add(MetricValue.of(kind, MetricName.LATE_EVENTS, window.lateEvents(), events));
        return counts;
    }
}

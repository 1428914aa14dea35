package dev.streamscore.drift.query;

import dev.streamscore.drift.metrics.WindowReport;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps each model version's {@link LatestMetrics} in {@value #STORE} (RocksDB, changelogged, keyed
 * by model@version), for interactive queries. Forwards nothing.
 */
public final class LatestMetricsProcessor implements Processor<String, WindowReport, Void, Void> {
    public static final String STORE = "latest-metrics-store";

    private KeyValueStore<String, LatestMetrics> store;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, WindowReport> record) {
        WindowReport report = record.value();
        if (report == null) {
            return;
        }
        LatestMetrics current = store.get(report.modelKey());
        store.put(report.modelKey(), (current == null ? LatestMetrics.empty() : current).with(report));
    }
}

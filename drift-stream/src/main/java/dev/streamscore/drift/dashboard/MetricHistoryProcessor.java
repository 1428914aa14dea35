package dev.streamscore.drift.dashboard;

import dev.streamscore.drift.metrics.WindowReport;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Keeps each model version's {@link MetricHistory} (the last {@code capacity} windows) in
 * {@value #STORE} (RocksDB, changelogged, keyed by model@version), from the window reports, for the
 * dashboard's charts. Forwards nothing.
 */
public final class MetricHistoryProcessor implements Processor<String, WindowReport, Void, Void> {
    public static final String STORE = "metric-history-store";

    private final int capacity;
    private KeyValueStore<String, MetricHistory> store;

    private MetricHistoryProcessor(int capacity) {
        this.capacity = capacity;
    }

    /** The processor with its store, so the topology needs one line to add both. */
    public static ProcessorSupplier<String, WindowReport, Void, Void> supplier(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("dashboard-history-windows must be >= 1, was " + capacity);
        }
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, WindowReport, Void, Void> get() {
                return new MetricHistoryProcessor(capacity);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(),
                        DashboardSerdes.metricHistory()));
            }
        };
    }

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
        MetricHistory current = store.get(report.modelKey());
        MetricHistory next = (current == null ? MetricHistory.empty() : current).with(report, capacity);
        if (next != current) {
            store.put(report.modelKey(), next);
        }
    }
}

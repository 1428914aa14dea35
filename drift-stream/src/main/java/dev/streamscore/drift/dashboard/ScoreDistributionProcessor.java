package dev.streamscore.drift.dashboard;

import dev.streamscore.drift.baseline.Baseline;
import dev.streamscore.drift.baseline.BaselineCache;
import dev.streamscore.drift.baseline.BaselineLookup;
import dev.streamscore.drift.window.ClosedWindow;
import dev.streamscore.drift.window.ServedWindow;
import dev.streamscore.model.card.Histogram;
import java.util.Arrays;
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
 * Keeps the score histogram of each model version's latest closed served window (or its latest
 * revision), beside the
 * holdout score histogram of the baseline current at close (what prediction drift compared it
 * with), in {@value #STORE} (keyed by model@version). A window older than the kept one changes
 * nothing. Forwards nothing.
 */
public final class ScoreDistributionProcessor implements Processor<String, ClosedWindow, Void, Void> {
    public static final String STORE = "score-distribution-store";

    private final BaselineCache cache;
    private KeyValueStore<String, ScoreDistribution> store;
    private BaselineLookup baselines;

    private ScoreDistributionProcessor(BaselineCache cache) {
        this.cache = cache;
    }

    /** The processor with its store. */
    public static ProcessorSupplier<String, ClosedWindow, Void, Void> supplier(BaselineCache cache) {
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, ClosedWindow, Void, Void> get() {
                return new ScoreDistributionProcessor(cache);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(),
                        DashboardSerdes.scoreDistribution()));
            }
        };
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(STORE);
        baselines = BaselineLookup.of(context, cache);
    }

    @Override
    public void process(Record<String, ClosedWindow> record) {
        ClosedWindow closed = record.value();
        if (closed == null || !(closed.state() instanceof ServedWindow window) || window.count() == 0) {
            return;
        }
        String model = closed.modelKey();
        ScoreDistribution current = store.get(model);
        if (current != null && current.windowStart() > closed.start()) {
            return;
        }
        store.put(model, new ScoreDistribution(closed.start(), closed.end(), ServedWindow.SCORE_EDGES,
                window.scoreCounts(), holdoutCounts(baselines.find(model))));
    }

    /** The baseline's holdout score counts when they are on the live edges (as prediction drift requires). */
    private static long[] holdoutCounts(Baseline baseline) {
        Histogram holdout = baseline == null ? null : baseline.profile().scoreHistogram();
        if (holdout == null || !Arrays.equals(holdout.edges(), ServedWindow.SCORE_EDGES) || holdout.total() == 0) {
            return null;
        }
        return holdout.counts();
    }
}

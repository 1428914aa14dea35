package dev.streamscore.drift.baseline;

import dev.streamscore.avro.ModelBaseline;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * A processor's view of the model-baselines GlobalKTable: the parsed baseline of a model@version,
 * or null while none has been published. Every instance holds the whole (small, compacted) table,
 * so the lookup never leaves the process.
 */
public final class BaselineLookup {
    /** Name of the GlobalKTable's store. */
    public static final String STORE = "model-baselines-store";

    private final ReadOnlyKeyValueStore<String, Object> store;
    private final BaselineCache cache;

    private BaselineLookup(ReadOnlyKeyValueStore<String, Object> store, BaselineCache cache) {
        this.store = store;
        this.cache = cache;
    }

    public static BaselineLookup of(ProcessingContext context, BaselineCache cache) {
        ReadOnlyKeyValueStore<String, Object> store = context.getStateStore(STORE);
        return new BaselineLookup(store, cache);
    }

    public Baseline find(String modelKey) {
        // Looked up for every served prediction: reading the store decoded the whole baseline record
        // (its card JSON) each time, so the parsed one is kept, and the table's updater replaces it.
        BaselineCache.Known known = cache.known(modelKey);
        if (known != null) {
            return known.baseline();
        }
        Object value = store.get(modelKey);
        // A DSL table's store holds values with their timestamp.
        if (value instanceof ValueAndTimestamp<?> timestamped) {
            value = timestamped.value();
        }
        return value instanceof ModelBaseline baseline ? cache.remember(modelKey, baseline).baseline() : null;
    }
}

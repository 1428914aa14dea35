package dev.streamscore.drift.baseline;

import dev.streamscore.avro.ModelBaseline;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Keeps the model-baselines global store, and tells the {@link BaselineCache} of each change, so
 * that lookups use the parsed baseline without reading the store. Records restored into the store
 * at start do not pass here: a lookup that finds nothing in the cache reads the store.
 */
public final class BaselineUpdates implements Processor<String, ModelBaseline, Void, Void> {
    private final BaselineCache cache;
    private TimestampedKeyValueStore<String, ModelBaseline> store;

    public BaselineUpdates(BaselineCache cache) {
        this.cache = cache;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.store = context.getStateStore(BaselineLookup.STORE);
    }

    @Override
    public void process(Record<String, ModelBaseline> record) {
        if (record.key() == null) {
            return;
        }
        cache.updated(record.key(), record.value());
        if (record.value() == null) {
            store.delete(record.key());
        } else {
            store.put(record.key(), ValueAndTimestamp.make(record.value(), record.timestamp()));
        }
    }
}

package dev.streamscore.drift.watermark;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * A task's event-time progress in a changelogged store, so that after a restart or a move to
 * another instance the task resumes with the watermark it had (it must never go back) and with
 * what each upstream source last reported. Besides one entry per source it holds the watermark and
 * named marks ({@code ~name}), such as how far a sweep has gone.
 */
public final class ProgressStore {
    private static final String WATERMARK = "~watermark";
    private static final String MARK = "~";

    private final KeyValueStore<String, SourceProgress> store;

    public ProgressStore(KeyValueStore<String, SourceProgress> store) {
        this.store = store;
    }

    /** The stored watermark over {@code expected} sources (and any other source that reported). */
    public Watermark load(Collection<String> expected) {
        Watermark watermark = new Watermark(expected);
        Map<String, SourceProgress> sources = new HashMap<>();
        try (KeyValueIterator<String, SourceProgress> it = store.all()) {
            it.forEachRemaining(kv -> {
                if (!kv.key.startsWith(MARK)) {
                    sources.put(kv.key, kv.value);
                }
            });
        }
        watermark.restore(sources, watermark(store));
        return watermark;
    }

    /** Stores what {@code source} said and the watermark. */
    public void save(String source, Watermark watermark) {
        store.put(source, watermark.progress(source));
        store.put(WATERMARK, new SourceProgress(watermark.current(), false));
    }

    /** A named mark, {@link Watermark#UNKNOWN} if never set. */
    public long mark(String name) {
        SourceProgress p = store.get(MARK + name);
        return p == null ? Watermark.UNKNOWN : p.time();
    }

    public void setMark(String name, long time) {
        store.put(MARK + name, new SourceProgress(time, false));
    }

    /** The watermark stored in {@code store}, {@link Watermark#UNKNOWN} if none. */
    public static long watermark(ReadOnlyKeyValueStore<String, SourceProgress> store) {
        SourceProgress p = store.get(WATERMARK);
        return p == null ? Watermark.UNKNOWN : p.time();
    }
}

package dev.streamscore.drift.baseline;

import dev.streamscore.avro.ModelBaseline;
import dev.streamscore.drift.metrics.ModelKeys;
import dev.streamscore.model.card.ModelCard;
import dev.streamscore.model.card.ModelCards;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parses each {@link ModelBaseline}'s card JSON once per update and keeps the result, so the
 * per-record lookups of the windowed monitors cost a map lookup, not a JSON parse. A record is the
 * same update as the cached one when its key, checksum and publish time match. A card that does
 * not parse is logged once per update and treated as no baseline (the monitors then keep only the
 * metrics that need none); the stream keeps running. Shared by all stream threads.
 */
public final class BaselineCache {
    private static final Logger LOG = LoggerFactory.getLogger(BaselineCache.class);

    private final ConcurrentMap<String, Entry> entries = new ConcurrentHashMap<>();
    /** What the global table holds now, by its key, as parsed: kept current by {@link BaselineUpdates}. */
    private final ConcurrentMap<String, Known> current = new ConcurrentHashMap<>();

    /** The parsed baseline the table holds for a key; {@code baseline} null: none, or an invalid card. */
    record Known(Baseline baseline) {
    }

    private record Entry(String checksum, long publishedTime, Baseline baseline) {
        boolean matches(ModelBaseline record) {
            return checksum.equals(record.getChecksum()) && publishedTime == record.getPublishedTime().toEpochMilli();
        }
    }

    /** The parsed baseline of {@code record}; empty for null or an invalid card. */
    public Optional<Baseline> get(ModelBaseline record) {
        if (record == null) {
            return Optional.empty();
        }
        String key = ModelKeys.of(record.getModelName(), record.getModelVersion());
        Entry entry = entries.get(key);
        if (entry == null || !entry.matches(record)) {
            entry = new Entry(record.getChecksum(), record.getPublishedTime().toEpochMilli(), parse(key, record));
            entries.put(key, entry);
        }
        return Optional.ofNullable(entry.baseline());
    }

    /** The table's record for {@code key} changed ({@code record} null: deleted); called by the table's updater. */
    void updated(String key, ModelBaseline record) {
        current.put(key, new Known(get(record).orElse(null)));
    }

    /**
     * What a lookup read from the table's store for {@code key}, kept unless the updater has recorded
     * a record since: the store can be read before an update and this called after it.
     */
    Known remember(String key, ModelBaseline record) {
        Known read = new Known(get(record).orElse(null));
        Known previous = current.putIfAbsent(key, read);
        return previous == null ? read : previous;
    }

    /** The table's parsed baseline for {@code key}, or null if not known here yet (read the store). */
    Known known(String key) {
        return current.get(key);
    }

    private static Baseline parse(String key, ModelBaseline record) {
        try {
            ModelCard card = ModelCards.fromJson(record.getCardJson());
            if (!card.key().equals(key)) {
                LOG.error("Baseline for {} carries the card of {}; ignoring it", key, card.key());
                return null;
            }
            if (card.profile() == null) {
                LOG.warn("Baseline for {} has no training profile: only metrics that need none are computed", key);
            }
            LOG.info("Loaded baseline for {} (checksum {}, published {})", key, record.getChecksum(), record.getPublishedTime());
            return new Baseline(key, record.getChecksum(), record.getPublishedTime().toEpochMilli(), card);
        } catch (RuntimeException e) {
            LOG.error("Baseline for {} (checksum {}) has an invalid model card, ignoring it: {}", key, record.getChecksum(),
                    e.getMessage());
            return null;
        }
    }
}

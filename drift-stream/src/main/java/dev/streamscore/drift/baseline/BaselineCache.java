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

package dev.streamscore.scoring.updates;

import dev.streamscore.scoring.io.RawEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A model-updates "topic" of one partition in this JVM, for tests that run the operator without a
 * broker: the feeds it opens read it from a position as the Kafka feed reads its topic.
 */
public final class InMemoryUpdates {
    private static final Map<String, List<RawEvent>> TOPICS = new ConcurrentHashMap<>();

    private final String name = UUID.randomUUID().toString();

    public InMemoryUpdates() {
        TOPICS.put(name, new CopyOnWriteArrayList<>());
    }

    public void add(RawEvent update) {
        TOPICS.get(name).add(update);
    }

    public ModelUpdateFeed.Factory factory() {
        String topic = name;
        return (positions, clientId) -> new Feed(TOPICS.get(topic), positions.getOrDefault(0, 0L).intValue());
    }

    private static final class Feed implements ModelUpdateFeed {
        private final List<RawEvent> records;
        private int next;

        Feed(List<RawEvent> records, int next) {
            this.records = records;
            this.next = next;
        }

        @Override
        public List<RawEvent> poll() {
            List<RawEvent> out = List.copyOf(records.subList(next, records.size()));
            next += out.size();
            return out;
        }

        @Override
        public List<RawEvent> catchUp(Duration timeout) {
            return poll();
        }

        @Override
        public Map<Integer, Long> positions() {
            return Map.of(0, (long) next);
        }

        @Override
        public void close() {
        }
    }
}

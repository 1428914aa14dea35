package dev.streamscore.drift.serde;

import dev.streamscore.schemas.registry.SchemaRegistryUnavailableException;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a Confluent wire-format record, waiting (up to {@code maxWait}, backing off to 10 s) while
 * the schema registry is unavailable, instead of failing at once. Without it, an instance that
 * (re)starts during a registry outage could not read a schema id it had not cached yet: every such
 * input record, or every baseline lookup, went to the dead-letter topic and was missing from its
 * window (33 events of two windows in a chaos run). Waiting stops this stream thread: its windows
 * wait too, as for any input read late, and nothing is lost. After {@code maxWait} (below Kafka's
 * 5-minute poll interval) the record fails as before: a dead letter with the reason.
 */
public final class RegistryWaitingDeserializer<T> implements Deserializer<T> {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryWaitingDeserializer.class);
    private static final long FIRST_BACKOFF_MS = 500;
    private static final long MAX_BACKOFF_MS = 10_000;

    private final Deserializer<T> inner;
    private final long maxWaitMs;

    public RegistryWaitingDeserializer(Deserializer<T> inner, Duration maxWait) {
        this.inner = inner;
        this.maxWaitMs = maxWait.toMillis();
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        inner.configure(configs, isKey);
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        return deserialize(topic, null, data);
    }

    @Override
    public T deserialize(String topic, Headers headers, byte[] data) {
        long waited = 0;
        long backoff = FIRST_BACKOFF_MS;
        while (true) {
            try {
                T value = headers == null ? inner.deserialize(topic, data) : inner.deserialize(topic, headers, data);
                if (waited > 0) {
                    LOG.info("Schema registry reachable again after {} ms; reading {} goes on", waited, topic);
                }
                return value;
            } catch (SerializationException e) {
                if (!registryUnavailable(e) || waited >= maxWaitMs) {
                    throw e;
                }
                if (waited == 0) {
                    LOG.warn("Schema registry unavailable while reading {}: waiting up to {} s ({})", topic,
                            maxWaitMs / 1000, e.getMessage());
                }
                sleep(backoff);
                waited += backoff;
                backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
            }
        }
    }

    private static boolean registryUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SchemaRegistryUnavailableException) {
                return true;
            }
        }
        return false;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SerializationException("Interrupted while waiting for the schema registry", e);
        }
    }

    @Override
    public void close() {
        inner.close();
    }
}

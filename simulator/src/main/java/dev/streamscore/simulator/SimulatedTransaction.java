package dev.streamscore.simulator;

import dev.streamscore.demo.Transaction;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One generated transaction with its ground truth: the {@link Transaction} exactly as a producer
 * sends it (so under {@link Scenario#SKEW_BUG_CENTS} its amount is the buggy one), whether it is
 * fraud, and how long after {@code event_time} that outcome becomes known, in simulated time.
 *
 * <p>The {@code Transaction} is a mutable Avro record; treat it as read-only.
 */
public record SimulatedTransaction(Transaction transaction, boolean fraud, Duration labelDelay) {
    public SimulatedTransaction {
        Objects.requireNonNull(transaction, "transaction");
        Objects.requireNonNull(labelDelay, "labelDelay");
    }

    public String eventId() {
        return transaction.getEventId();
    }

    public Instant eventTime() {
        return transaction.getEventTime();
    }

    /** The label as 1.0 (fraud) or 0.0, as written to the labels topic. */
    public double label() {
        return fraud ? 1.0 : 0.0;
    }
}

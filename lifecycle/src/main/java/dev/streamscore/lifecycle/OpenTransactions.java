package dev.streamscore.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeProducersResult.PartitionProducerState;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds transactions left open on a topic's partitions for longer than any transaction may last
 * (the broker's default {@code transaction.max.timeout.ms}, 15 minutes). Such a "hanging"
 * transaction (a broker that died while writing a commit marker, say) stops the last stable offset,
 * so a read_committed reader (a retraining reading {@code labeled-predictions}) silently sees
 * nothing written after it. The broker does not clear it by itself; an operator aborts it.
 */
final class OpenTransactions {
    private static final Logger LOG = LoggerFactory.getLogger(OpenTransactions.class);
    static final Duration LONGEST_TRANSACTION = Duration.ofMinutes(15);

    /** A transaction open on {@code partition} since {@code startOffset}, last written to at {@code lastWrite}. */
    record Hanging(TopicPartition partition, long startOffset, long producerId, int producerEpoch, Instant lastWrite) {
        String describe(String bootstrapServers) {
            return partition + ": a transaction of producer id " + producerId + " (epoch " + producerEpoch
                    + ") has been open from offset " + startOffset + " since at least " + lastWrite + ", longer than any "
                    + "transaction may last, so read_committed readers see nothing after that offset. Abort it with "
                    + "kafka-transactions.sh --bootstrap-server " + bootstrapServers + " abort --topic " + partition.topic()
                    + " --partition " + partition.partition() + " --start-offset " + startOffset;
        }
    }

    private OpenTransactions() {
    }

    /** Logs a warning for each hanging transaction on {@code partitions}; a failed check is logged, never thrown. */
    static List<Hanging> warnIfHanging(Properties kafka, List<TopicPartition> partitions, Instant now) {
        List<Hanging> hanging = new ArrayList<>();
        try (Admin admin = Admin.create(kafka)) {
            Map<TopicPartition, PartitionProducerState> states = admin.describeProducers(partitions).all()
                    .get(30, TimeUnit.SECONDS);
            states.forEach((partition, state) -> {
                for (ProducerState p : state.activeProducers()) {
                    if (p.currentTransactionStartOffset().isPresent()
                            && Instant.ofEpochMilli(p.lastTimestamp()).isBefore(now.minus(LONGEST_TRANSACTION))) {
                        hanging.add(new Hanging(partition, p.currentTransactionStartOffset().getAsLong(), p.producerId(),
                                p.producerEpoch(), Instant.ofEpochMilli(p.lastTimestamp())));
                    }
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.info("Could not check {} for transactions left open: {}", partitions, e.getMessage());
        }
        String servers = kafka.getProperty("bootstrap.servers", "<bootstrap servers>");
        hanging.forEach(h -> LOG.warn("Hanging transaction on {}", h.describe(servers)));
        return hanging;
    }
}

package dev.streamscore.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamscore.local.testing.LocalStackExtension;
import dev.streamscore.local.testing.TestStack;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The check for transactions left open on a real broker: a transaction whose last record is older
 * than any transaction may last is reported with its partition, start offset and the command that
 * aborts it; once it ends, nothing is reported. (A record's own timestamp stands in for the time
 * that passed: the broker keeps it as the producer's last write.)
 */
@ExtendWith(LocalStackExtension.class)
class OpenTransactionsIT {
    @Test
    void aTransactionOpenLongerThanAnyMayLastIsReportedUntilItEnds(TestStack stack) {
        String topic = stack.createTopic("labeled-predictions", 2);
        Properties props = stack.kafkaProperties();
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, stack.topic("tx"));
        List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, 1, null, "committed")).get();
            producer.commitTransaction();
            producer.beginTransaction();
            long written = Instant.now().minus(Duration.ofMinutes(20)).toEpochMilli();
            producer.send(new ProducerRecord<>(topic, 1, written, "k", "open")).get();

            List<OpenTransactions.Hanging> hanging = OpenTransactions.warnIfHanging(stack.kafkaProperties(), partitions,
                    Instant.now());
            assertThat(hanging).singleElement().satisfies(h -> {
                assertThat(h.partition()).isEqualTo(new TopicPartition(topic, 1));
                assertThat(h.startOffset()).as("after the committed record and its marker").isEqualTo(2);
                assertThat(h.describe("127.0.0.1:9092")).contains("--topic " + topic + " --partition 1 --start-offset 2");
            });
            assertThat(OpenTransactions.warnIfHanging(stack.kafkaProperties(), partitions,
                    Instant.ofEpochMilli(written).plus(Duration.ofMinutes(10)))).as("open for less than 15 min").isEmpty();

            producer.abortTransaction();
            assertThat(OpenTransactions.warnIfHanging(stack.kafkaProperties(), partitions, Instant.now())).isEmpty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError(e);
        }
    }
}

package dev.streamscore.scoring;

import dev.streamscore.demo.Transaction;
import dev.streamscore.model.bundle.ModelBundle;
import dev.streamscore.model.training.Trainer;
import dev.streamscore.model.training.TrainingProgress;
import dev.streamscore.model.training.TrainingSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Demo transactions with a known fraud function, and models trained on them, for scoring tests. */
public final class TransactionFixtures {
    private static final String[] CATEGORIES = {"grocery", "restaurant", "fuel", "travel", "electronics", "fashion"};

    private TransactionFixtures() {
    }

    /** Sends transactions {@code first}, {@code first + 1}, ... keyed by card, flushed; their event ids. */
    public static Set<String> send(KafkaProducer<String, Object> producer, String topic, int first, int count,
            SplittableRandom random) {
        Set<String> ids = new HashSet<>();
        for (int i = first; i < first + count; i++) {
            Transaction t = transaction(i, random);
            ids.add(t.getEventId());
            producer.send(new ProducerRecord<>(topic, t.getCardId(), t));
        }
        producer.flush();
        return ids;
    }

    public static Transaction transaction(int i, SplittableRandom random) {
        double amount = Math.exp(3.5 + random.nextGaussian());
        return Transaction.newBuilder()
                .setEventId("txn-" + i)
                .setCardId("card-" + random.nextInt(500))
                .setEventTime(Instant.ofEpochMilli(1_700_000_000_000L + i * 100L))
                .setAmount(Math.round(amount * 100) / 100.0)
                .setMerchantCategory(CATEGORIES[random.nextInt(CATEGORIES.length)])
                .setHourOfDay(random.nextInt(24))
                .setDistanceFromHomeKm(random.nextDouble() < 0.03 ? null : Math.exp(1.5 + 1.2 * random.nextGaussian()))
                .setOnline(random.nextDouble() < 0.35)
                .setTransactionsLastHour((int) Math.floor(-Math.log(1 - random.nextDouble()) * 1.2))
                .setCardAgeDays(1 + random.nextInt(2000))
                .setCustomerSegment(random.nextDouble() < 0.7 ? "retail" : "premium")
                .build();
    }

    static boolean fraud(Transaction t, SplittableRandom random) {
        double logit = -4.2 + 1.3 * Math.log(t.getAmount() / 40) + (t.getHourOfDay() < 6 ? 1.6 : 0)
                + (t.getOnline() ? 0.9 : 0) + 0.6 * t.getTransactionsLastHour()
                + ("electronics".equals(t.getMerchantCategory()) || "travel".equals(t.getMerchantCategory()) ? 1.1 : 0)
                - 0.4 * Math.log(t.getCardAgeDays() / 100.0);
        return random.nextDouble() < 1 / (1 + Math.exp(-logit));
    }

    /** Trains the demo spec on {@code rows} fixture transactions into {@code dir} (3 epochs: fast, good enough). */
    public static ModelBundle trainModel(Path dir, String version, long seed, int rows) {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> lines = new ArrayList<>();
        lines.add("event_id,card_id,event_time,amount,merchant_category,hour_of_day,distance_from_home_km,online,"
                + "transactions_last_hour,card_age_days,customer_segment,is_fraud");
        for (int i = 0; i < rows; i++) {
            Transaction t = transaction(i, random);
            lines.add(String.join(",", t.getEventId(), t.getCardId(), String.valueOf(t.getEventTime().toEpochMilli()),
                    String.valueOf(t.getAmount()), t.getMerchantCategory(), String.valueOf(t.getHourOfDay()),
                    t.getDistanceFromHomeKm() == null ? "" : String.valueOf(t.getDistanceFromHomeKm()),
                    String.valueOf(t.getOnline()), String.valueOf(t.getTransactionsLastHour()),
                    String.valueOf(t.getCardAgeDays()), t.getCustomerSegment(), fraud(t, random) ? "1" : "0"));
        }
        try {
            Files.createDirectories(dir);
            Path csv = dir.resolve("train-" + version + ".csv");
            Files.write(csv, lines);
            return Trainer.train(TrainingSpec.demo(), csv, version, seed, 3, dir.resolve("fraud-" + version),
                    TrainingProgress.NONE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.streamscore.model.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Small card-transaction CSVs with the demo's columns and a known fraud function, for trainer
 * tests that must not depend on the simulator module.
 */
final class TransactionCsvFixtures {
    static final String HEADER = "event_id,card_id,event_time,amount,merchant_category,hour_of_day,"
            + "distance_from_home_km,online,transactions_last_hour,card_age_days,customer_segment,is_fraud";
    private static final String[] CATEGORIES = {"grocery", "restaurant", "fuel", "travel", "electronics", "fashion"};

    private TransactionCsvFixtures() {
    }

    static Path write(Path file, int rows, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> lines = new ArrayList<>();
        lines.add(HEADER);
        for (int i = 0; i < rows; i++) {
            double amount = Math.exp(3.5 + random.nextGaussian());
            String category = CATEGORIES[random.nextInt(CATEGORIES.length)];
            int hour = random.nextInt(24);
            Double distance = random.nextDouble() < 0.03 ? null : Math.exp(1.5 + 1.2 * random.nextGaussian());
            boolean online = random.nextDouble() < 0.35;
            int recent = (int) Math.floor(-Math.log(1 - random.nextDouble()) * 1.2);
            int cardAge = 1 + random.nextInt(2000);
            double logit = -4.2 + 1.3 * Math.log(amount / 40) + (hour < 6 ? 1.6 : 0) + (online ? 0.9 : 0)
                    + 0.6 * recent + ("electronics".equals(category) || "travel".equals(category) ? 1.1 : 0)
                    - 0.4 * Math.log(cardAge / 100.0) + (distance != null && distance > 50 ? 1.0 : 0);
            boolean fraud = random.nextDouble() < 1 / (1 + Math.exp(-logit));
            lines.add(String.join(",", "txn-" + i, "card-" + random.nextInt(500), String.valueOf(1_700_000_000_000L + i * 1000L),
                    String.format("%.2f", amount), category, String.valueOf(hour), distance == null ? "" : String.format("%.3f", distance),
                    String.valueOf(online), String.valueOf(recent), String.valueOf(cardAge),
                    random.nextDouble() < 0.7 ? "retail" : "premium", fraud ? "1" : "0"));
        }
        try {
            Files.write(file, lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}

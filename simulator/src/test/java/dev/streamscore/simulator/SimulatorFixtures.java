package dev.streamscore.simulator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/** Small helpers to generate events and measure them. */
public final class SimulatorFixtures {
    private SimulatorFixtures() {
    }

    public static SimulatorConfig config(long seed) {
        return SimulatorConfig.defaults().withSeed(seed);
    }

    public static List<SimulatedTransaction> generate(SimulatorConfig config, int n) {
        TransactionGenerator generator = new TransactionGenerator(config);
        List<SimulatedTransaction> events = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            events.add(generator.next());
        }
        return events;
    }

    public static double fraudRate(List<SimulatedTransaction> events) {
        return fraudRate(events, st -> true);
    }

    /** Fraud rate among the events that match {@code filter}; NaN if none does. */
    public static double fraudRate(List<SimulatedTransaction> events, Predicate<SimulatedTransaction> filter) {
        long n = 0;
        long fraud = 0;
        for (SimulatedTransaction st : events) {
            if (filter.test(st)) {
                n++;
                fraud += st.fraud() ? 1 : 0;
            }
        }
        return n == 0 ? Double.NaN : (double) fraud / n;
    }

    public static <T> double share(List<T> items, Predicate<T> filter) {
        return (double) items.stream().filter(filter).count() / items.size();
    }

    public static double mean(double[] values) {
        return Arrays.stream(values).average().orElse(Double.NaN);
    }

    /**
     * The hidden usual fraud score of a transaction as sent: what a perfect model of the stationary
     * world would output (up to a monotone transform).
     */
    public static double usualScore(SimulatedTransaction st) {
        var t = st.transaction();
        Card card = new Card(t.getCardId(), CustomerSegment.valueOf(t.getCustomerSegment().toUpperCase(Locale.ROOT)),
                t.getCardAgeDays(), 1.0, 1.0);
        return HiddenFraudModel.usualScore(new TransactionFeatures(card,
                MerchantCategory.valueOf(t.getMerchantCategory().toUpperCase(Locale.ROOT)), t.getAmount(), t.getHourOfDay(),
                t.getDistanceFromHomeKm(), t.getOnline(), t.getTransactionsLastHour(), t.getCardAgeDays()));
    }

    /** Area under the ROC curve of {@code score} for the fraud labels of {@code events} (ties broken by order). */
    public static double auc(List<SimulatedTransaction> events, ToDoubleFunction<SimulatedTransaction> score) {
        List<SimulatedTransaction> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparingDouble(score));
        double rankSum = 0;
        long positives = 0;
        for (int i = 0; i < sorted.size(); i++) {
            if (sorted.get(i).fraud()) {
                rankSum += i + 1;
                positives++;
            }
        }
        long negatives = sorted.size() - positives;
        return (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    public static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}

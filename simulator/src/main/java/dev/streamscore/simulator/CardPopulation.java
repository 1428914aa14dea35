package dev.streamscore.simulator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * The fixed population of cards a stream's transactions are made with ({@code card-00000} to
 * {@code card-<n-1>}), drawn once per seed: segments in their shares (70/20/10 %), card ages (about
 * 8 % of cards are new, under 60 days), a spending level and a usage rate per card. Cards are
 * picked uniformly per transaction.
 */
final class CardPopulation {
    /** Share of cards issued less than {@link #NEW_CARD_DAYS} days before the stream starts. */
    static final double NEW_CARD_SHARE = 0.08;
    static final int NEW_CARD_DAYS = 60;
    private static final int OLDEST_CARD_DAYS = 3650;

    private static final double[] CUMULATIVE_SEGMENT_SHARES = RandomDraws.cumulative(
            Arrays.stream(CustomerSegment.values()).mapToDouble(CustomerSegment::share).toArray());

    private final List<Card> cards;

    private CardPopulation(List<Card> cards) {
        this.cards = List.copyOf(cards);
    }

    static CardPopulation draw(RandomGenerator rng, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("card count must be at least 1, got " + size);
        }
        int width = Math.max(5, String.valueOf(size - 1).length());
        List<Card> cards = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            CustomerSegment segment = CustomerSegment.values()[RandomDraws.weightedIndex(rng, CUMULATIVE_SEGMENT_SHARES)];
            int ageDays = RandomDraws.bernoulli(rng, NEW_CARD_SHARE)
                    ? (int) (rng.nextDouble() * NEW_CARD_DAYS)
                    : NEW_CARD_DAYS + (int) (rng.nextDouble() * (OLDEST_CARD_DAYS - NEW_CARD_DAYS));
            double amountLevel = RandomDraws.logNormal(rng, 1.0, 0.35);
            double hourlyRate = RandomDraws.logNormal(rng, 0.4, 0.6) * segment.activity();
            cards.add(new Card(String.format(Locale.ROOT, "card-%0" + width + "d", i), segment, ageDays, amountLevel,
                    hourlyRate));
        }
        return new CardPopulation(cards);
    }

    Card pick(RandomGenerator rng) {
        return cards.get((int) (rng.nextDouble() * cards.size()));
    }

    List<Card> cards() {
        return cards;
    }
}

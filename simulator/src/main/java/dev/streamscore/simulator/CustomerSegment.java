package dev.streamscore.simulator;

import java.util.Locale;

/**
 * A card holder's segment, sent as {@code customer_segment}: the attribute StreamScore's bias
 * monitor slices by. Each segment has its share of the card population and its typical spend.
 */
public enum CustomerSegment {
    RETAIL(0.70, 30.0, 1.0),
    PREMIUM(0.20, 60.0, 1.2),
    BUSINESS(0.10, 85.0, 1.8);

    private final double share;
    private final double medianAmount;
    private final double activity;

    CustomerSegment(double share, double medianAmount, double activity) {
        this.share = share;
        this.medianAmount = medianAmount;
        this.activity = activity;
    }

    /** The value of the {@code customer_segment} field, e.g. {@code retail}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Share of the card population in this segment. */
    public double share() {
        return share;
    }

    /** Median transaction amount of a typical card of the segment, in currency units. */
    double medianAmount() {
        return medianAmount;
    }

    /** Multiplier on a card's transaction frequency (drives {@code transactions_last_hour}). */
    double activity() {
        return activity;
    }
}

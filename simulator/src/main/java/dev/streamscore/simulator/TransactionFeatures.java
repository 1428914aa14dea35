package dev.streamscore.simulator;

/**
 * The true features of one transaction, before a producer bug can touch them: what the hidden
 * fraud function reads.
 *
 * @param distanceKm null when the location is unknown
 */
record TransactionFeatures(
        Card card,
        MerchantCategory category,
        double amount,
        int hourOfDay,
        Double distanceKm,
        boolean online,
        int transactionsLastHour,
        int cardAgeDays) {

    boolean night() {
        return hourOfDay < 6;
    }

    boolean daytime() {
        return hourOfDay >= 8 && hourOfDay <= 19;
    }
}

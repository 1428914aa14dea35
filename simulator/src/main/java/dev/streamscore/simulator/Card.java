package dev.streamscore.simulator;

/**
 * One card of the simulated population and the traits that stay with it: its segment, its age
 * when the stream starts, how much it usually spends relative to its segment, and how often it is
 * used (the mean of {@code transactions_last_hour}).
 */
record Card(String cardId, CustomerSegment segment, int ageDaysAtStart, double amountLevel, double hourlyRate) {
}

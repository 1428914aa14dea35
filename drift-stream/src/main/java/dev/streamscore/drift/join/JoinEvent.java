package dev.streamscore.drift.join;

/** What the join forwards to the window partials of its task: an outcome of a prediction, or a new watermark. */
public sealed interface JoinEvent permits JoinOutcome, JoinWatermark {
}

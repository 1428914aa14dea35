package dev.streamscore.drift.window;

import dev.streamscore.avro.Prediction;
import dev.streamscore.drift.baseline.Baseline;

/** A served prediction with its model version's baseline (null while none is published). */
public record ServedInput(Prediction prediction, Baseline baseline) {
}

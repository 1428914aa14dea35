package dev.streamscore.simulator.files;

import java.nio.file.Path;

/** What {@link TrainingDataWriter} wrote: where, in which format, how many rows and how many of them fraud. */
public record TrainingFileSummary(Path file, TrainingFileFormat format, long rows, long frauds) {
    /** frauds / rows; 0 for an empty file. */
    public double fraudRate() {
        return rows == 0 ? 0.0 : (double) frauds / rows;
    }
}

package dev.streamscore.model.training;

/** Told after every epoch, so a command line can draw a progress bar. */
@FunctionalInterface
public interface TrainingProgress {
    void epochDone(int epoch, int epochs, double meanLoss);

    TrainingProgress NONE = (epoch, epochs, loss) -> { };
}

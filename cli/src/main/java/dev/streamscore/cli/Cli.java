package dev.streamscore.cli;

import dev.streamscore.config.Durations;
import java.time.Duration;

/** Small pieces the commands share. */
final class Cli {
    private Cli() {
    }

    static Duration duration(String text, String flag) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(flag + ": " + e.getMessage(), e);
        }
    }

    /** A one-line progress bar for training. */
    static void progress(int epoch, int epochs, double loss) {
        int width = 30;
        int done = epoch * width / epochs;
        System.out.printf("\r  [%s%s] epoch %d/%d  loss %.4f", "#".repeat(done), ".".repeat(width - done), epoch, epochs, loss);
        System.out.flush();
    }
}

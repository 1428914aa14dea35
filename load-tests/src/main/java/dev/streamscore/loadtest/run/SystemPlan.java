package dev.streamscore.loadtest.run;

import java.util.List;

/**
 * What to do with one system: which child JVMs run it (a function of its topics), whether the
 * meter also reads committed, the fixed-rate probes and whether to search for its maximum rate.
 *
 * @param boundMillis p99 bound of the fixed-rate probes' verdicts
 * @param searchStart first rate of the maximum-rate search
 */
record SystemPlan(String name, String description, Launcher launcher, boolean committedMeter, List<Double> rates,
        double boundMillis, boolean search, double searchStart) {

    /** Starts the system's JVMs for a set of topics; returns them running. */
    @FunctionalInterface
    interface Launcher {
        List<dev.streamscore.local.LocalProcess> start(Topics topics) throws Exception;
    }

    /** The topics of one system, prefixed by its name so systems never read each other's records. */
    record Topics(String prefix) {
        String input() {
            return prefix + "-feature-events";
        }

        String output() {
            return prefix + "-predictions";
        }

        String deadLetters() {
            return prefix + "-dlq";
        }

        String modelUpdates() {
            return prefix + "-model-updates";
        }

        String alerts() {
            return prefix + "-alerts";
        }
    }
}

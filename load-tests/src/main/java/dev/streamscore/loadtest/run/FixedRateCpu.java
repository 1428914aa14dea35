package dev.streamscore.loadtest.run;

import java.util.Map;

/**
 * CPU time per event over one fixed-rate probe: the same offered rate and duration in every run, so
 * unlike the figure over a system's whole phase (whose probe sequence follows the rate search) it
 * compares runs with each other.
 *
 * @param events           events the generator sent during the probe
 * @param systemCpuSeconds CPU time (user + system) of the system's own processes during the probe
 * @param brokerCpuSeconds the broker's during the probe
 */
public record FixedRateCpu(double rate, long events, double systemCpuSeconds, double brokerCpuSeconds) {

    /** From the processes' cumulative CPU seconds before and after the probe ({@code ProcSampler#cpuSeconds}). */
    static FixedRateCpu between(double rate, long events, Map<String, Double> before, Map<String, Double> after) {
        double system = 0;
        for (Map.Entry<String, Double> process : after.entrySet()) {
            if (!SystemResult.SHARED.contains(process.getKey())) {
                system += process.getValue() - before.getOrDefault(process.getKey(), 0.0);
            }
        }
        double broker = after.getOrDefault("kafka-broker", 0.0) - before.getOrDefault("kafka-broker", 0.0);
        return new FixedRateCpu(rate, events, system, broker);
    }

    public double systemMicrosPerEvent() {
        return events == 0 ? Double.NaN : systemCpuSeconds * 1e6 / events;
    }

    public double brokerMicrosPerEvent() {
        return events == 0 ? Double.NaN : brokerCpuSeconds * 1e6 / events;
    }
}

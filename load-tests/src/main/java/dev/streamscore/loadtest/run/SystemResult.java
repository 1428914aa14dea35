package dev.streamscore.loadtest.run;

import dev.streamscore.loadtest.process.ProcSampler;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything measured for one system under test.
 *
 * @param maxRate the highest sustained rate of the search; null when no search ran
 * @param lowestFailed the lowest rate the search found not sustained; null when none failed or no
 *                search ran. The real maximum lies between {@code maxRate} and this.
 * @param usage   CPU and peak memory per process over the system's whole phase
 * @param events  events the generator sent over that phase (warm-up, probes, the waits between them)
 * @param fixedRateCpu CPU time per event over each fixed-rate probe (comparable between runs)
 */
public record SystemResult(String name, String description, List<ProbeResult> probes, Double maxRate,
        Double lowestFailed, Map<String, ProcSampler.Usage> usage, String note, long events,
        List<FixedRateCpu> fixedRateCpu) {

    /** Processes that are not the system under test but serve every system: the broker, registry and generator. */
    public static final Set<String> SHARED = Set.of("kafka-broker", "registry", "load-generator+meter");

    /** CPU time of the system's own processes per event sent over its phase, in microseconds; NaN without events. */
    public double cpuMicrosPerEvent() {
        return microsPerEvent(usage.values().stream().filter(u -> !SHARED.contains(u.process()))
                .mapToDouble(ProcSampler.Usage::cpuSeconds).sum());
    }

    /** CPU time of one process per event sent over the phase, in microseconds; NaN without it or events. */
    public double cpuMicrosPerEvent(String process) {
        ProcSampler.Usage u = usage.get(process);
        return u == null ? Double.NaN : microsPerEvent(u.cpuSeconds());
    }

    private double microsPerEvent(double cpuSeconds) {
        return events == 0 ? Double.NaN : cpuSeconds * 1e6 / events;
    }

    /** True when the search ran and no probe of it failed: the real maximum is higher than {@code maxRate}. */
    public boolean atLeast() {
        return maxRate != null && lowestFailed == null;
    }

    /** The probe at exactly this offered rate, if one ran. */
    public Optional<ProbeResult> at(double rate) {
        return probes.stream().filter(p -> p.rate() == rate).reduce((a, b) -> b);
    }
}

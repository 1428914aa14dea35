package dev.streamscore.loadtest.run;

import dev.streamscore.loadtest.process.ProcSampler;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything measured for one system under test.
 *
 * @param maxRate the highest sustained rate of the search; null when no search ran
 * @param lowestFailed the lowest rate the search found not sustained; null when none failed or no
 *                search ran. The real maximum lies between {@code maxRate} and this.
 * @param usage   CPU and peak memory per process over the system's whole phase
 */
public record SystemResult(String name, String description, List<ProbeResult> probes, Double maxRate,
        Double lowestFailed, Map<String, ProcSampler.Usage> usage, String note) {

    /** True when the search ran and no probe of it failed: the real maximum is higher than {@code maxRate}. */
    public boolean atLeast() {
        return maxRate != null && lowestFailed == null;
    }

    /** The probe at exactly this offered rate, if one ran. */
    public Optional<ProbeResult> at(double rate) {
        return probes.stream().filter(p -> p.rate() == rate).reduce((a, b) -> b);
    }
}

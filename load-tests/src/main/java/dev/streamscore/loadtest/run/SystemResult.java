package dev.streamscore.loadtest.run;

import dev.streamscore.loadtest.process.ProcSampler;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything measured for one system under test.
 *
 * @param maxRate the highest sustained rate of the search; null when no search ran
 * @param atLeast true when no probe of the search failed: the real maximum is higher
 * @param lowestFailed the lowest rate the search found not sustained; null when none failed or no
 *                search ran. The real maximum lies between {@code maxRate} and this.
 * @param usage   CPU and peak memory per process over the system's whole phase
 */
public record SystemResult(String name, String description, List<ProbeResult> probes, Double maxRate,
        boolean atLeast, Double lowestFailed, Map<String, ProcSampler.Usage> usage, String note) {

    /** The probe at exactly this offered rate, if one ran. */
    public Optional<ProbeResult> at(double rate) {
        return probes.stream().filter(p -> p.rate() == rate).reduce((a, b) -> b);
    }
}

package dev.streamscore.loadtest.report;

import dev.streamscore.loadtest.run.JmhRow;
import dev.streamscore.loadtest.run.SystemResult;
import dev.streamscore.loadtest.run.TargetRow;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Everything one report run measured. */
public record BenchReport(String date, String machine, double loadAtStart, Duration took, boolean quick,
        long demoParameters, long ffnnParameters, List<JmhRow> jmh, List<SystemResult> systems,
        List<TargetRow> targets) {

    public Optional<SystemResult> system(String name) {
        return systems.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}

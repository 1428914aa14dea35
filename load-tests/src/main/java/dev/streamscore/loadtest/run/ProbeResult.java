package dev.streamscore.loadtest.run;

import dev.streamscore.loadtest.meter.LatencyStats;
import java.util.Map;

/**
 * One probe of one system at one offered rate.
 *
 * @param latency        end-to-end latency by meter (isolation level), over the measurement window
 * @param outputRate     records per second seen at the output during the window
 * @param lagSlope       backlog growth in events per second (least squares over the window)
 * @param generatorLateMs how late the generator's sends were at worst (its own saturation)
 */
public record ProbeResult(String system, double rate, Map<String, LatencyStats> latency, double outputRate,
        double lagSlope, long expected, long missing, long generatorLateMs, boolean sustained, String reason) {

    public LatencyStats primary() {
        return latency.values().iterator().next();
    }
}

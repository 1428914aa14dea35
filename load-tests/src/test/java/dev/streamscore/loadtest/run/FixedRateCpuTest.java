package dev.streamscore.loadtest.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class FixedRateCpuTest {
    @Test
    void countsTheSystemsOwnProcessesAndTheBrokerOverTheProbeOnly() {
        Map<String, Double> before = Map.of("scoring-demo", 10.0, "kafka-broker", 4.0, "registry", 1.0,
                "load-generator+meter", 3.0);
        Map<String, Double> after = Map.of("scoring-demo", 11.5, "kafka-broker", 5.0, "registry", 1.5,
                "load-generator+meter", 5.0);
        FixedRateCpu cpu = FixedRateCpu.between(5000, 50_000, before, after);
        assertThat(cpu.systemCpuSeconds()).as("registry and generator are not the system's").isEqualTo(1.5);
        assertThat(cpu.systemMicrosPerEvent()).isEqualTo(30.0);
        assertThat(cpu.brokerMicrosPerEvent()).isEqualTo(20.0);
        assertThat(FixedRateCpu.between(5000, 0, before, after).systemMicrosPerEvent()).isNaN();
    }
}

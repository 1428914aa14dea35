package dev.streamscore.loadtest.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class JmhRunnerTest {
    @Test
    void readsJmhJson() throws Exception {
        String json = """
                [{"benchmark":"dev.streamscore.loadtest.jmh.InferenceBenchmark.tfBatch","mode":"avgt",
                  "params":{"batch":"64","model":"demo"},
                  "primaryMetric":{"score":50.0,"scoreError":"NaN","scoreUnit":"us/op"}}]
                """;
        List<JmhRow> rows = JmhRunner.parse(json);
        assertThat(rows).containsExactly(new JmhRow("tfBatch", "demo", 64, 50.0, 0));
        assertThat(rows.get(0).rowsPerSecond()).isEqualTo(1_280_000.0);
    }
}

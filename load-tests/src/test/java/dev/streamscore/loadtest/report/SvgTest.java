package dev.streamscore.loadtest.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SvgTest {
    @Test
    void lineChartOnLogAxesSkipsNonPositivePoints() {
        String svg = Svg.lines("t", "x", "y", true, true, Map.of("s", List.of(new double[] {100, 5}, new double[] {0, 3},
                new double[] {1000, 50})));
        assertThat(svg).contains("<path d=\"M").contains(">s</text>");
        assertThat(svg.split("<circle", -1)).hasSize(3);
    }

    @Test
    void barsAndEscaping() {
        String svg = Svg.bars("a < b", "y", List.of("one", "two"), Map.of("cpu", new double[] {10, 0}), false);
        assertThat(svg).contains("a &lt; b").contains("<rect x=").contains(">one</text>");
        assertThat(Svg.lines("empty", "x", "y", false, false, Map.of())).contains("no data");
    }
}

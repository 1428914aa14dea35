package dev.streamscore.drift.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class GroupGapsTest {

    @Test
    void gapsAndRatiosAcrossGroups() {
        assertThat(GroupGaps.gap(List.of(0.1, 0.25, 0.2))).isCloseTo(0.15, within(1e-12));
        assertThat(GroupGaps.ratio(List.of(0.1, 0.25, 0.2))).isCloseTo(0.4, within(1e-12));
        assertThat(GroupGaps.gap(List.of(0.1))).isNaN();
        assertThat(GroupGaps.ratio(List.of(0.0, 0.0))).isNaN();
    }
}

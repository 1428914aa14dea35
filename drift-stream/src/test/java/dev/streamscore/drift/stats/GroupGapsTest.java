package dev.streamscore.drift.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.streamscore.model.stats.StandardErrors;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroupGapsTest {

    @Test
    void theWidestGapCarriesTheErrorOfItsTwoGroups() {
        GroupGaps.Gap gap = GroupGaps.widest(List.of(new GroupGaps.GroupRate(3, 10), new GroupGaps.GroupRate(1, 10),
                new GroupGaps.GroupRate(2, 10)));
        assertThat(gap.value()).isCloseTo(0.2, within(1e-12));
        assertThat(gap.standardError()).isCloseTo(StandardErrors.proportionDifference(3, 10, 1, 10), within(1e-12));
        assertThat(GroupGaps.widest(List.of(new GroupGaps.GroupRate(1, 10))).value()).isNaN();
    }
}

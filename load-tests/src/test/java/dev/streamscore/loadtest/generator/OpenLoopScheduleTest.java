package dev.streamscore.loadtest.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class OpenLoopScheduleTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void constantRateSpacesEventsEvenly() {
        OpenLoopSchedule s = OpenLoopSchedule.constant(1000, 10 * SECOND);
        assertThat(s.offsetNanos(0)).isZero();
        assertThat(s.offsetNanos(1)).isEqualTo(1_000_000);
        assertThat(s.offsetNanos(5000)).isEqualTo(5 * SECOND);
        assertThat(s.totalEvents()).isEqualTo(10_000);
        assertThat(s.dueBy(SECOND)).isEqualTo(1000);
        assertThat(s.dueBy(SECOND + 1)).isEqualTo(1001);
        assertThat(s.dueBy(0)).isZero();
    }

    @Test
    void rampSendsTheAverageRateAndSpeedsUp() {
        // 1,000/s to 3,000/s over 10 s: 20,000 events in all, gaps shrinking from 1 ms to 1/3 ms.
        OpenLoopSchedule s = OpenLoopSchedule.ramp(1000, 3000, 10 * SECOND);
        assertThat(s.totalEvents()).isCloseTo(20_000, within(1L));
        long firstGap = s.offsetNanos(1) - s.offsetNanos(0);
        long lastGap = s.offsetNanos(19_999) - s.offsetNanos(19_998);
        assertThat(firstGap).isCloseTo(1_000_000, within(1_000L));
        assertThat(lastGap).isCloseTo(333_333, within(1_000L));
        assertThat(s.rateAt(5 * SECOND)).isEqualTo(2000);
    }

    @Test
    void dueByIsTheInverseOfOffset() {
        for (OpenLoopSchedule s : new OpenLoopSchedule[] {OpenLoopSchedule.constant(777, 3 * SECOND),
                OpenLoopSchedule.ramp(100, 5000, 3 * SECOND), OpenLoopSchedule.ramp(5000, 100, 3 * SECOND)}) {
            for (long i = 0; i < s.totalEvents(); i += 97) {
                long at = s.offsetNanos(i);
                assertThat(s.dueBy(at)).as("events due strictly before event %d of %s", i, s).isEqualTo(i);
                assertThat(s.dueBy(at + 1)).isEqualTo(i + 1);
            }
        }
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> OpenLoopSchedule.constant(0, SECOND)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OpenLoopSchedule.constant(10, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}

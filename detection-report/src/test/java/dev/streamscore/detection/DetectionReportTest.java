package dev.streamscore.detection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamscore.drift.simulation.SimulatedModel;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * The harness end to end on the real topology, small: two seeds, a few windows of 500 events (above
 * every rule's minimum sample), stationary and with the unit bug (amounts x100), which no rule can miss.
 */
class DetectionReportTest {
    @Test
    void aUnitBugIsDetectedOnItsSecondWindowAndEveryStationaryWindowIsCounted() {
        DetectionReport.Settings settings = new DetectionReport.Settings(List.of(11L, 12L), 3, 500,
                c -> c.kind().equals("unit bug"), 2);

        DetectionReport.Results results = new DetectionReport(SimulatedModel.shared(), settings).run();

        assertThat(results.stationary().windows()).as("closed windows of 2 seeds x 3").isEqualTo(6);
        assertThat(results.stationary().expectedWindows()).isEqualTo(6);
        assertThat(results.stationary().firing()).as("alerts on 3 stationary windows").isEmpty();
        assertThat(results.stationary().accuracyGaps()).as("a performance window per stationary window").hasSize(6);
        DetectionReport.CaseResult unitBug = results.cases().stream().filter(c -> c.driftCase().kind().equals("unit bug"))
                .findFirst().orElseThrow();
        // Raise after 2 breaching windows (the default): the onset window breaches, the next one fires.
        assertThat(unitBug.delays()).containsExactly(OptionalInt.of(2), OptionalInt.of(2));
        assertThat(unitBug.firstRules()).allSatisfy(rule -> assertThat(rule).contains("(amount)"));
        assertThat(unitBug.effectMean()).as("share of amounts above the training maximum").isGreaterThan(0.05);

        String markdown = new ReportWriter(2).markdown(results, "test", "now");
        assertThat(markdown).contains("| unit bug | x100 | 2/2 in 4 | 2 | 2 | <= 1 in 95 % | missed by 1 window");
    }
}

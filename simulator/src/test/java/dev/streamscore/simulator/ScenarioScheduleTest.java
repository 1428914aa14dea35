package dev.streamscore.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScenarioScheduleTest {

    @Test
    void parsesScenariosWithOffsets() {
        ScenarioSchedule schedule = ScenarioSchedule.parse("stationary, covariate_shift@2m,CONCEPT-DRIFT@1h,stationary@PT90M");

        assertThat(schedule.phases()).containsExactly(
                new ScenarioSchedule.Phase(Duration.ZERO, Scenario.STATIONARY),
                new ScenarioSchedule.Phase(Duration.ofMinutes(2), Scenario.COVARIATE_SHIFT),
                new ScenarioSchedule.Phase(Duration.ofHours(1), Scenario.CONCEPT_DRIFT),
                new ScenarioSchedule.Phase(Duration.ofMinutes(90), Scenario.STATIONARY));
        assertThat(schedule.scenarioAt(Duration.ZERO)).isEqualTo(Scenario.STATIONARY);
        assertThat(schedule.scenarioAt(Duration.ofMinutes(2).minusNanos(1))).isEqualTo(Scenario.STATIONARY);
        assertThat(schedule.scenarioAt(Duration.ofMinutes(2))).isEqualTo(Scenario.COVARIATE_SHIFT);
        assertThat(schedule.scenarioAt(Duration.ofMinutes(75))).isEqualTo(Scenario.CONCEPT_DRIFT);
        assertThat(schedule.scenarioAt(Duration.ofDays(3))).isEqualTo(Scenario.STATIONARY);
    }

    @Test
    void aSingleScenarioHoldsFromTheStartAndBlankIsStationary() {
        assertThat(ScenarioSchedule.parse("skew_bug_cents").scenarioAt(Duration.ZERO)).isEqualTo(Scenario.SKEW_BUG_CENTS);
        assertThat(ScenarioSchedule.parse("  ")).isEqualTo(ScenarioSchedule.stationary());
        assertThat(ScenarioSchedule.parse(null)).isEqualTo(ScenarioSchedule.stationary());
    }

    @Test
    void aScheduleStartingLaterIsStationaryUntilThen() {
        ScenarioSchedule schedule = ScenarioSchedule.parse("bias_creep@30s");
        assertThat(schedule.scenarioAt(Duration.ofSeconds(29))).isEqualTo(Scenario.STATIONARY);
        assertThat(schedule.scenarioAt(Duration.ofSeconds(30))).isEqualTo(Scenario.BIAS_CREEP);
        assertThat(schedule).isEqualTo(ScenarioSchedule.switchingTo(Scenario.BIAS_CREEP, Duration.ofSeconds(30)));
    }

    @Test
    void toStringParsesBackToTheSameSchedule() {
        ScenarioSchedule schedule = ScenarioSchedule.parse("stationary,new_merchant_category@1500ms,bias_creep@2h,stationary@1d");
        assertThat(schedule.toString()).isEqualTo("stationary@0s,new_merchant_category@1500ms,bias_creep@2h,stationary@1d");
        assertThat(ScenarioSchedule.parse(schedule.toString())).isEqualTo(schedule);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "stationary,covariate_shfit@2m        | 'covariate_shfit@2m'  | unknown scenario 'covariate_shfit'",
        "stationary,covariate_shift@2x        | 'covariate_shift@2x'  | '2x' is not a duration",
        "stationary,covariate_shift@          | 'covariate_shift@'    | '' is not a duration",
        "stationary,covariate_shift           | 'covariate_shift'     | only the first scenario may omit its offset",
        "covariate_shift@2m,concept_drift@1m  | 'concept_drift@1m'    | must be after the previous entry's (2m)",
        "stationary,stationary@0s             | 'stationary@0s'       | must be after the previous entry's (0s)",
        "stationary,,concept_drift@1m         | entry 2 is empty      | entry 2 is empty",
        "stationary@-5s                       | 'stationary@-5s'      | '-5s' is not a duration",
    })
    void rejectsBadSchedulesNamingTheBadToken(String text, String namedToken, String reason) {
        assertThatThrownBy(() -> ScenarioSchedule.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(namedToken)
                .hasMessageContaining(reason);
    }

    @Test
    void unknownScenarioErrorsListTheKnownNames() {
        assertThatThrownBy(() -> ScenarioSchedule.parse("drift"))
                .hasMessageContaining("known: stationary, covariate_shift, concept_drift, skew_bug_cents, "
                        + "new_merchant_category, bias_creep");
    }

    @Test
    void phasesMustIncrease() {
        assertThatThrownBy(() -> new ScenarioSchedule(List.of(
                new ScenarioSchedule.Phase(Duration.ZERO, Scenario.STATIONARY),
                new ScenarioSchedule.Phase(Duration.ZERO, Scenario.BIAS_CREEP))))
                .hasMessageContaining("must start after the previous one");
        assertThatThrownBy(() -> new ScenarioSchedule(List.of())).hasMessageContaining("at least one phase");
    }
}

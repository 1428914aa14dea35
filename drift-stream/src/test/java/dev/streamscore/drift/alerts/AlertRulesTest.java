package dev.streamscore.drift.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamscore.drift.metrics.MetricName;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertRulesTest {

    @Test
    void defaultsComeFromTheField() {
        AlertRules rules = AlertRules.defaults();
        assertThat(rules.find(MetricName.PSI, "amount")).satisfies(r -> {
            assertThat(r.warning()).isEqualTo(0.1);
            assertThat(r.critical()).isEqualTo(0.25);
            assertThat(r.minSample()).isEqualTo(200);
        });
        assertThat(rules.find(MetricName.JS_DISTANCE, null).warning()).isEqualTo(0.1);
        assertThat(rules.find(MetricName.JS_DISTANCE, null).minSample()).isEqualTo(1_000);
        assertThat(rules.find(MetricName.WASSERSTEIN_NORM, null).warning()).isEqualTo(0.1);
        assertThat(rules.find(MetricName.KS_PVALUE, null).direction()).isEqualTo(Direction.P_VALUE);
        assertThat(rules.find(MetricName.DISPARATE_IMPACT_RATIO, null).warning()).isEqualTo(0.8);
        assertThat(rules.find("no_such_metric", null)).isNull();
        assertThat(rules.all()).allSatisfy(r -> assertThat(r.source()).isNotBlank());
    }

    @Test
    void aFeatureOverrideStartsFromTheConfiguredMetricRule() {
        AlertRules rules = AlertRules.withOverrides(Map.of("psi.critical", "0.4", "alert.psi.amount.warning", "0.2",
                "alert.psi.min-sample", "500"), 100);
        assertThat(rules.find(MetricName.PSI, "amount")).satisfies(r -> {
            assertThat(r.warning()).isEqualTo(0.2);
            assertThat(r.critical()).isEqualTo(0.4);
            assertThat(r.minSample()).isEqualTo(500);
            assertThat(r.name()).isEqualTo("psi.amount");
        });
        assertThat(rules.find(MetricName.PSI, "other").warning()).isEqualTo(0.1);
        assertThat(rules.find(MetricName.KS_PVALUE, null).minSample()).isEqualTo(100);
        assertThat(rules.find(MetricName.JS_DISTANCE, null).minSample()).as("JS's own floor: its noise at small samples")
                .isEqualTo(AlertRules.JS_MIN_SAMPLE);
        assertThat(AlertRules.withOverrides(Map.of("alert.js_distance.min-sample", "300"), 100)
                .find(MetricName.JS_DISTANCE, null).minSample()).isEqualTo(300);
    }

    @Test
    void invalidSettingsFailNamingTheKey() {
        assertThatThrownBy(() -> AlertRules.withOverrides(Map.of("alert.psy.warning", "0.2"), 200))
                .hasMessageContaining("alert.psy.warning").hasMessageContaining("psi");
        assertThatThrownBy(() -> AlertRules.withOverrides(Map.of("alert.psi.warning", "high"), 200))
                .hasMessageContaining("alert.psi.warning must be a number");
        assertThatThrownBy(() -> AlertRules.withOverrides(Map.of("alert.psi.loud", "1"), 200))
                .hasMessageContaining("alert.psi.loud");
        assertThatThrownBy(() -> AlertRules.withOverrides(Map.of("alert.psi.enabled", "yes"), 200))
                .hasMessageContaining("alert.psi.enabled must be true or false");
    }
}

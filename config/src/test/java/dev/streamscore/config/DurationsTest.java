package dev.streamscore.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {
    @ParameterizedTest
    @CsvSource({"500ms,PT0.5S", "90s,PT1M30S", "2m,PT2M", "1h,PT1H", "1d,PT24H", "PT2M,PT2M", "pt1h30m,PT1H30M", "0s,PT0S",
        "10 s,PT10S", "PT0.0000005S,PT0.0000005S"})
    void shortAndIsoFormsParseAndFormatBackExactly(String text, String iso) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.parse(iso));
        assertThat(Durations.parse(Durations.format(Duration.parse(iso)))).isEqualTo(Duration.parse(iso));
    }

    @ParameterizedTest
    @ValueSource(strings = {"soon", "-5s", "PT-1M", "5 mins", "99999999999999999999s", ""})
    void anythingElseIsRejectedWithTheText(String text) {
        assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "'");
    }
}

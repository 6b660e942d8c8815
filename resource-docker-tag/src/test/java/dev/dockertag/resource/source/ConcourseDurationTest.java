package dev.dockertag.resource.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConcourseDurationTest {

    @ParameterizedTest
    @CsvSource({
        "45s, PT45S",
        "10m, PT10M",
        "1h30m, PT1H30M",
        "1.5h, PT1H30M",
        "300ms, PT0.3S",
        "2h45m10s, PT2H45M10S",
        "1m30.5s, PT1M30.5S",
        "0s, PT0S",
        ".5s, PT0.5S",
        "1500us, PT0.0015S",
        "7ns, PT0.000000007S"
    })
    void readsDurationsAsGoWritesThem(String text, String iso) {
        assertThat(ConcourseDuration.parse(text)).isEqualTo(Duration.parse(iso));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "45", "10 m", "1d", "-5s", "s", "1h 30m", "5S", "1.2.3s"})
    void refusesWhatGoWouldRefuseOrWhatIsNoDuration(String text) {
        assertThatThrownBy(() -> ConcourseDuration.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "'" + text.trim() + "' is not a duration; write it as Concourse does, e.g. 45s, 10m or 1h30m");
    }

    @Test
    void refusesAnAbsurdlyLongOne() {
        assertThatThrownBy(() -> ConcourseDuration.parse("9999999999h"))
                .hasMessageContaining("longer than any deadline");
    }
}

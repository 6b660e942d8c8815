package dev.dockertag.tool.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void readsGoStyleDurationsAndDays() {
        assertThat(Durations.parse("24h")).isEqualTo(Duration.ofHours(24));
        assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("90m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("45s")).isEqualTo(Duration.ofSeconds(45));
        assertThat(Durations.parse("2d12h")).isEqualTo(Duration.ofHours(60));
        assertThat(Durations.parse(" 0 ")).isZero();
    }

    @Test
    void anythingElseSaysHowToWriteOne() {
        for (String bad : new String[] {"", "24", "1 day", "-1h", "30m1h", "1.5h", "h"}) {
            assertThatThrownBy(() -> Durations.parse(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("'" + bad + "' is not a duration: write it like 24h, 1h30m, 90m, 45s, 7d or 0");
        }
    }

    @Test
    void aBoundMustLeaveSomeTimeAndItsMessageDoesNotOfferZero() {
        assertThat(Durations.parsePositive("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThatThrownBy(() -> Durations.parsePositive("0s"))
                .hasMessage("'0s' leaves no time: write it like 24h, 1h30m, 90m, 45s or 7d");
        assertThatThrownBy(() -> Durations.parsePositive("0"))
                .hasMessage("'0' is not a duration: write it like 24h, 1h30m, 90m, 45s or 7d");
        assertThatThrownBy(() -> Durations.parsePositive("soon"))
                .hasMessage("'soon' is not a duration: write it like 24h, 1h30m, 90m, 45s or 7d");
    }
}

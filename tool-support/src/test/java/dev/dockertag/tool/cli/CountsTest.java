package dev.dockertag.tool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CountsTest {

    @Test
    void oneIsSingularAndEveryOtherCountPlural() {
        assertThat(Counts.of(1, "tag")).isEqualTo("1 tag");
        assertThat(Counts.of(0, "tag")).isEqualTo("0 tags");
        assertThat(Counts.of(2, "live branch", "live branches")).isEqualTo("2 live branches");
        assertThat(Counts.of(1, "live branch", "live branches")).isEqualTo("1 live branch");
    }
}

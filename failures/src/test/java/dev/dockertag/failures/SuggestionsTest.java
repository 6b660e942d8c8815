package dev.dockertag.failures;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {

    private static final List<String> SOURCE =
            List.of("repository", "tag", "tag_regex", "branch", "insecure", "ca_certs", "username", "password");

    @Test
    void aSlipGetsTheKeyItWasMeantToBe() {
        assertThat(Suggestions.closest("tags", SOURCE)).hasValue("tag");
        assertThat(Suggestions.closest("repositroy", SOURCE))
                .as("two letters swapped")
                .hasValue("repository");
        assertThat(Suggestions.closest("insecur", SOURCE)).hasValue("insecure");
        assertThat(Suggestions.closest("Branch", SOURCE))
                .as("case is not a difference")
                .hasValue("branch");
    }

    @Test
    void anotherWordGetsNothing() {
        assertThat(Suggestions.closest("platform_arch", SOURCE)).isEmpty();
        assertThat(Suggestions.closest("x", SOURCE)).isEmpty();
        assertThat(Suggestions.closest("tag_rx", SOURCE))
                .as("three edits from tag_regex")
                .isEmpty();
    }
}

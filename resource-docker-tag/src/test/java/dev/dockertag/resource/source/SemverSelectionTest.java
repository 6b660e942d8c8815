package dev.dockertag.resource.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** registry-image's semver mode rules, tag by tag. */
class SemverSelectionTest {

    private static List<String> taken(SemverSelection selection, String... tags) {
        return Arrays.stream(tags).filter(t -> selection.parse(t).isPresent()).toList();
    }

    @Test
    void versionsMayBePartialOrStartWithVButVariantsAndUnaskedPreReleasesAreLeftOut() {
        SemverSelection plain = new SemverSelection(Optional.empty(), Optional.empty(), false, List.of());

        assertThat(taken(plain, "1", "1.2", "v1.2.3", "1.2.3+build.7", "1.2.3-rc.1", "1.2.3-alpine", "latest", "main"))
                .containsExactly("1", "1.2", "v1.2.3", "1.2.3+build.7");
        assertThat(plain.parse("1.2").orElseThrow().parts()).isEqualTo(2);
        assertThat(plain.bareTag()).isEqualTo("latest");
    }

    @Test
    void preReleasesCountOnlyWithTheirPrefixes() {
        SemverSelection pre = new SemverSelection(Optional.empty(), Optional.empty(), true, List.of("pre"));

        assertThat(taken(pre, "1.2.3-rc.1", "1.2.3-beta2", "1.2.3-alpha", "1.2.3-pre.4", "1.2.3-alpine", "1.2.3"))
                .containsExactly("1.2.3-rc.1", "1.2.3-beta2", "1.2.3-alpha", "1.2.3-pre.4", "1.2.3");
    }

    @Test
    void aVariantKeepsOnlyItsOwnTagsAndItsBareTagPlaysLatest() {
        SemverSelection alpine = new SemverSelection(Optional.of("alpine"), Optional.empty(), false, List.of());

        assertThat(taken(alpine, "1.2.3-alpine", "1.2-alpine", "1.2.3", "1.2.3-slim", "alpine"))
                .containsExactly("1.2.3-alpine", "1.2-alpine");
        assertThat(alpine.bareTag()).isEqualTo("alpine");
    }

    @Test
    void constraintsAreReadAsMastermindsWritesThem() {
        assertThat(taken(
                        new SemverSelection(Optional.empty(), Optional.of(">= 1.2, < 2"), false, List.of()),
                        "1.1.9",
                        "1.2.0",
                        "1.9",
                        "2.0.0"))
                .containsExactly("1.2.0", "1.9");
        assertThat(taken(
                        new SemverSelection(Optional.empty(), Optional.of("~1.2"), false, List.of()),
                        "1.2.0",
                        "1.2.9",
                        "1.3.0"))
                .containsExactly("1.2.0", "1.2.9");
        assertThat(taken(
                        new SemverSelection(Optional.empty(), Optional.of("^1.2.3 || 3.x"), false, List.of()),
                        "1.2.2",
                        "1.9.0",
                        "2.0.0",
                        "3.4.5"))
                .containsExactly("1.9.0", "3.4.5");
        assertThat(taken(
                        new SemverSelection(Optional.empty(), Optional.of("1.2 - 1.4"), false, List.of()),
                        "1.1.0",
                        "1.3.0",
                        "1.4.0",
                        "1.5.0"))
                .containsExactly("1.3.0", "1.4.0");
    }

    @Test
    void aPreReleaseMeetsAConstraintWhenItsReleaseDoes() {
        SemverSelection selection = new SemverSelection(Optional.empty(), Optional.of(">= 1.1, < 2"), true, List.of());

        assertThat(taken(selection, "1.2.0-rc.1", "2.0.0-rc.1", "1.0.0-beta")).containsExactly("1.2.0-rc.1");
    }

    @Test
    void aConstraintThatCannotBeReadIsRefusedNamingIt() {
        assertThatThrownBy(() -> new SemverSelection(Optional.empty(), Optional.of("banana"), false, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'banana' is not a semver constraint: cannot read 'banana' (e.g. '>= 1.2, < 2', '~1.2',"
                        + " '^1.2.3', '1.x')");
        assertThatThrownBy(() -> new SemverSelection(Optional.empty(), Optional.of(">= 1.2 !! 2"), false, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'>= 1.2 !! 2' is not a semver");
    }
}

package dev.dockertag.resource.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TagOrderTest {

    @Test
    void semverOrdersNumericallyWithPreReleasesBeforeTheirRelease() {
        List<String> tags =
                List.of("v1.10.0", "1.2.0", "v2.0.0", "v2.0.0-rc.10", "v2.0.0-rc.2", "v2.0.0-beta", "1.2.0+build.5");

        assertThat(TagOrder.sortedCopy(tags, TagOrder.SEMVER))
                .containsExactly(
                        "1.2.0", "1.2.0+build.5", "v1.10.0", "v2.0.0-beta", "v2.0.0-rc.2", "v2.0.0-rc.10", "v2.0.0");
    }

    @Test
    void semverLeavesOutTagsThatAreNotVersions() {
        assertThat(TagOrder.SEMVER.accepts("v1.2.3")).isTrue();
        assertThat(TagOrder.SEMVER.accepts("1.2")).isFalse();
        assertThat(TagOrder.SEMVER.accepts("main-latest")).isFalse();
        assertThat(TagOrder.NATURAL.accepts("main-latest")).isTrue();
    }

    @Test
    void naturalComparesDigitRunsAsNumbers() {
        assertThat(TagOrder.sortedCopy(List.of("build-10", "build-9", "build-100", "build-9a"), TagOrder.NATURAL))
                .containsExactly("build-9", "build-9a", "build-10", "build-100");
    }

    @Test
    void parsesOnlyTheDocumentedNames() {
        assertThat(TagOrder.parse("created")).contains(TagOrder.CREATED);
        assertThat(TagOrder.parse("Created")).isEmpty();
        assertThat(TagOrder.parse("date")).isEmpty();
    }
}

package dev.dockertag.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BranchNamingTest {

    @Test
    void slugIsLowerCaseWithRunsOfOtherCharactersAsOneDash() {
        assertThat(BranchNaming.slug("feat/Foo_bar")).isEqualTo("feat-foo_bar");
        assertThat(BranchNaming.slug("fix//weird  name!!x")).isEqualTo("fix-weird-name-x");
        assertThat(BranchNaming.slug("release-1.2")).isEqualTo("release-1.2");
        assertThat(BranchNaming.slug("Ünïcode/ß")).isEqualTo("n-code-");
    }

    @Test
    void slugHasNoLeadingDotOrDash() {
        assertThat(BranchNaming.slug("/feature")).isEqualTo("feature");
        assertThat(BranchNaming.slug(".hidden")).isEqualTo("hidden");
        assertThat(BranchNaming.slug("-.-x")).isEqualTo("x");
    }

    @Test
    void latestTagIsAlwaysAValidTagEvenForVeryLongBranches() {
        String longBranch = "feature/" + "a".repeat(300);
        String tag = BranchNaming.latestTag(longBranch);
        assertThat(tag).hasSize(128).endsWith("-latest");
        assertThat(ImageReference.isValidTag(tag)).isTrue();
        assertThat(BranchNaming.latestTag("master")).isEqualTo("master-latest");
    }

    @Test
    void branchWithNothingUsableIsAnError() {
        assertThatThrownBy(() -> BranchNaming.slug("///"))
                .hasMessage("invalid branch '///': it has no letter or digit to make a tag of");
        assertThatThrownBy(() -> BranchNaming.slug("")).hasMessage("invalid branch '': it is empty");
    }

    @Test
    void detectsBranchesThatShareASlug() {
        Map<String, List<String>> collisions =
                BranchNaming.collisions(List.of("feat/x", "feat-x", "Feat/X", "master", "other"));
        assertThat(collisions).containsOnlyKeys("feat-x");
        assertThat(collisions.get("feat-x")).containsExactly("Feat/X", "feat-x", "feat/x");
        assertThat(BranchNaming.collisions(List.of("a", "b"))).isEmpty();
    }
}

package dev.dockertag.reaper.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dockertag.registry.Digest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The deciding half of the safety rules, on inventories written out by hand. */
class PlannerTest {

    private static final Digest A = digest("a");
    private static final Digest B = digest("b");
    private static final Digest C = digest("c");
    private static final Digest INDEX = digest("index");
    private static final Digest AMD64 = digest("amd64");
    private static final Digest ARM64 = digest("arm64");
    private static final String COMMIT_1 = "1111111111111111111111111111111111111111";
    private static final String COMMIT_2 = "2222222222222222222222222222222222222222";
    private static final String COMMIT_3 = "3333333333333333333333333333333333333333";

    private static final Policy POLICY = new Policy("master", List.of(Pattern.compile("v?[0-9]+\\.[0-9]+\\.[0-9]+")),
            true, 0);

    private static Digest digest(String text) {
        return Digest.sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    private static Inventory inventory(Map<String, Digest> tags) {
        return new Inventory("registry.example.com/acme/app", tags, Map.of(), Map.of());
    }

    private static Map<String, Decision> byTag(List<Decision> decisions) {
        return decisions.stream().collect(java.util.stream.Collectors.toMap(Decision::tag, d -> d));
    }

    @Test
    void tagsOfGoneBranchesGoAndLiveMainProtectedAndForeignTagsStay() {
        Map<String, Decision> plan = byTag(Planner.plan(inventory(Map.of(
                "master-latest", A, "feat-live-latest", B, "feat-gone-latest", C, "1.2.3", digest("r"),
                "nightly", digest("n"))), List.of("master", "feat/live"), POLICY, c -> true));

        assertThat(plan.get("feat-gone-latest")).isEqualTo(new Decision("feat-gone-latest", C,
                Decision.Action.DELETE_MANIFEST, "branch gone (no live branch has the slug 'feat-gone')"));
        assertThat(plan.get("master-latest").reason()).isEqualTo("main branch 'master'");
        assertThat(plan.get("feat-live-latest").reason()).isEqualTo("live branch 'feat/live'");
        assertThat(plan.get("1.2.3").reason()).isEqualTo("protected by 'v?[0-9]+\\.[0-9]+\\.[0-9]+'");
        assertThat(plan.get("nightly").reason()).isEqualTo("not a branch or commit tag");
        assertThat(plan.values().stream().filter(Decision::removes).map(Decision::tag)).containsExactly("feat-gone-latest");
    }

    @Test
    void aPromotedImageSurvivesTheReapingOfItsBranch() {
        Map<String, Decision> plan = byTag(Planner.plan(inventory(Map.of("feat-x-latest", A, "master-latest", A)),
                List.of("master"), POLICY, c -> true));

        assertThat(plan.get("feat-x-latest")).isEqualTo(new Decision("feat-x-latest", A, Decision.Action.UNTAG,
                "branch gone (no live branch has the slug 'feat-x'); its digest is also the kept tag 'master-latest',"
                        + " so only the tag goes"));
        assertThat(plan.get("master-latest").action()).isEqualTo(Decision.Action.KEEP);
    }

    @Test
    void childrenOfAKeptIndexAreNeverDeletedEvenWhenADoomedTagPointsAtOne() {
        Inventory inventory = new Inventory("app", Map.of("master-latest", INDEX, "feat-arm-latest", ARM64),
                Map.of(INDEX, List.of(AMD64, ARM64)), Map.of());

        Map<String, Decision> plan = byTag(Planner.plan(inventory, List.of("master"), POLICY, c -> true));

        assertThat(plan.get("feat-arm-latest").action()).isEqualTo(Decision.Action.UNTAG);
        assertThat(plan.get("feat-arm-latest").reason()).endsWith("its digest is a child of kept index tag"
                + " 'master-latest', so only the tag goes");
    }

    @Test
    void slugCollisionsKeepTheTagForEveryBranchSharingTheSlug() {
        Map<String, Decision> plan = byTag(Planner.plan(inventory(Map.of("feat-x-latest", A)),
                List.of("master", "feat/x", "feat-x"), POLICY, c -> true));

        assertThat(plan.get("feat-x-latest").reason()).isEqualTo("live branch 'feat-x', 'feat/x'");
    }

    @Test
    void unreachableCommitTagsGoUnlessTheyAreTheMainBranchs() {
        Inventory inventory = new Inventory("app", Map.of(COMMIT_1, A, COMMIT_2, B, "abc1234", C),
                Map.of(), Map.of(COMMIT_2, new Inventory.CommitImage(Optional.of("master"), Optional.empty())));

        Map<String, Decision> plan = byTag(Planner.plan(inventory, List.of("master"), POLICY,
                c -> c.equals("abc1234")));

        assertThat(plan.get(COMMIT_1).reason()).isEqualTo("commit unreachable from every live branch and tag");
        assertThat(plan.get(COMMIT_1).action()).isEqualTo(Decision.Action.DELETE_MANIFEST);
        assertThat(plan.get(COMMIT_2).reason()).isEqualTo("commit of the main branch 'master'");
        assertThat(plan.get("abc1234").reason()).isEqualTo("commit reachable from a live branch or tag");
    }

    @Test
    void liveBranchesKeepOnlyTheirNewestCommitTags() {
        Policy keepTwo = new Policy("master", List.of(), true, 2);
        Inventory inventory = new Inventory("app", Map.of(COMMIT_1, A, COMMIT_2, B, COMMIT_3, C), Map.of(), Map.of(
                COMMIT_1, new Inventory.CommitImage(Optional.of("feat/x"), Optional.of(Instant.parse("2026-01-01T00:00:00Z"))),
                COMMIT_2, new Inventory.CommitImage(Optional.of("feat/x"), Optional.of(Instant.parse("2026-01-03T00:00:00Z"))),
                COMMIT_3, new Inventory.CommitImage(Optional.of("feat/x"), Optional.of(Instant.parse("2026-01-02T00:00:00Z")))));

        List<Decision> plan = Planner.plan(inventory, List.of("master", "feat/x"), keepTwo, c -> true);

        assertThat(plan.stream().filter(Decision::removes).map(Decision::tag)).containsExactly(COMMIT_1);
        assertThat(byTag(plan).get(COMMIT_1).reason()).isEqualTo("over keep_per_branch (2) of branch 'feat/x'");
    }

    @Test
    void anEmptyBranchListIsRefusedOutright() {
        assertThatThrownBy(() -> Planner.plan(inventory(Map.of("master-latest", A)), Set.of(), POLICY, c -> false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no live branches: refusing to plan (every image would look abandoned)");
    }
}

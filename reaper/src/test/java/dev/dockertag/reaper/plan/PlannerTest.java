package dev.dockertag.reaper.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dockertag.registry.image.Digest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
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

    private static final Policy POLICY =
            new Policy("master", List.of(Pattern.compile("v?[0-9]+\\.[0-9]+\\.[0-9]+")), true, 0);

    private static Digest digest(String text) {
        return Digest.sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    private static Inventory inventory(Map<String, Digest> tags) {
        return new Inventory("registry.example.com/acme/app", tags, Map.of(), Map.of());
    }

    private static Inventory.ImageTime created(String at) {
        return new Inventory.ImageTime(Instant.parse(at), false);
    }

    private static Map<String, Decision> byTag(List<Decision> decisions) {
        return decisions.stream().collect(Collectors.toMap(Decision::tag, d -> d));
    }

    @Test
    void tagsOfGoneBranchesGoAndLiveMainProtectedAndForeignTagsStay() {
        Map<String, Decision> plan = byTag(Planner.plan(
                inventory(Map.of(
                        "master-latest",
                        A,
                        "feat-live-latest",
                        B,
                        "feat-gone-latest",
                        C,
                        "1.2.3",
                        digest("r"),
                        "nightly",
                        digest("n"))),
                List.of("master", "feat/live"),
                POLICY,
                c -> true));

        assertThat(plan.get("feat-gone-latest"))
                .isEqualTo(new Decision(
                        "feat-gone-latest",
                        C,
                        Decision.Action.DELETE_MANIFEST,
                        "branch gone (no live branch has the slug 'feat-gone')"));
        assertThat(plan.get("master-latest").reason()).isEqualTo("main branch 'master'");
        assertThat(plan.get("feat-live-latest").reason()).isEqualTo("live branch 'feat/live'");
        assertThat(plan.get("1.2.3").reason()).isEqualTo("protected by 'v?[0-9]+\\.[0-9]+\\.[0-9]+'");
        assertThat(plan.get("nightly").reason()).isEqualTo("not a branch or commit tag");
        assertThat(plan.values().stream().filter(Decision::removes).map(Decision::tag))
                .containsExactly("feat-gone-latest");
    }

    @Test
    void aPromotedImageSurvivesTheReapingOfItsBranch() {
        Map<String, Decision> plan = byTag(Planner.plan(
                inventory(Map.of("feat-x-latest", A, "master-latest", A)), List.of("master"), POLICY, c -> true));

        assertThat(plan.get("feat-x-latest"))
                .isEqualTo(new Decision(
                        "feat-x-latest",
                        A,
                        Decision.Action.UNTAG,
                        "branch gone (no live branch has the slug 'feat-x'); its digest is also the kept tag 'master-latest',"
                                + " so only the tag goes"));
        assertThat(plan.get("master-latest").action()).isEqualTo(Decision.Action.KEEP);
    }

    @Test
    void childrenOfAKeptIndexAreNeverDeletedEvenWhenADoomedTagPointsAtOne() {
        Inventory inventory = new Inventory(
                "app",
                Map.of("master-latest", INDEX, "feat-arm-latest", ARM64),
                Map.of(INDEX, List.of(AMD64, ARM64)),
                Map.of());

        Map<String, Decision> plan = byTag(Planner.plan(inventory, List.of("master"), POLICY, c -> true));

        assertThat(plan.get("feat-arm-latest").action()).isEqualTo(Decision.Action.UNTAG);
        assertThat(plan.get("feat-arm-latest").reason())
                .endsWith("its digest is a child of kept index tag" + " 'master-latest', so only the tag goes");
    }

    @Test
    void slugCollisionsKeepTheTagForEveryBranchSharingTheSlug() {
        Map<String, Decision> plan = byTag(Planner.plan(
                inventory(Map.of("feat-x-latest", A)), List.of("master", "feat/x", "feat-x"), POLICY, c -> true));

        assertThat(plan.get("feat-x-latest").reason()).isEqualTo("live branch 'feat-x', 'feat/x'");
    }

    @Test
    void unreachableCommitTagsGoUnlessTheyAreTheMainBranchs() {
        Inventory inventory = new Inventory(
                "app",
                Map.of(COMMIT_1, A, COMMIT_2, B, "abc1234", C),
                Map.of(),
                Map.of(COMMIT_2, new Inventory.CommitImage(Optional.of("master"))));

        Map<String, Decision> plan =
                byTag(Planner.plan(inventory, List.of("master"), POLICY, c -> c.equals("abc1234")));

        assertThat(plan.get(COMMIT_1).reason()).isEqualTo("commit unreachable from every live branch and tag");
        assertThat(plan.get(COMMIT_1).action()).isEqualTo(Decision.Action.DELETE_MANIFEST);
        assertThat(plan.get(COMMIT_2).reason()).isEqualTo("commit of the main branch 'master'");
        assertThat(plan.get("abc1234").reason()).isEqualTo("commit reachable from a live branch or tag");
    }

    @Test
    void aMergedBranchsCommitSaysWhereItWasBuiltAndWhyItStays() {
        Inventory inventory = new Inventory(
                "app",
                Map.of(COMMIT_1, A),
                Map.of(),
                Map.of(COMMIT_1, new Inventory.CommitImage(Optional.of("feat/x"))));

        Map<String, Decision> plan = byTag(Planner.plan(inventory, List.of("master"), POLICY, c -> true));
        Map<String, Decision> keepAll = byTag(
                Planner.plan(inventory, List.of("master"), new Policy("master", List.of(), false, 0), c -> false));

        // feat/x was merged and deleted: its head is master's now, which the old wording ('commit of gone branch
        // feat/x') hid
        assertThat(plan.get(COMMIT_1).reason())
                .isEqualTo("built on 'feat/x', a branch now gone; its commit is reachable from a live branch or tag"
                        + " (merged)");
        assertThat(keepAll.get(COMMIT_1).reason())
                .isEqualTo("built on 'feat/x', a branch now gone; commit tags are kept:"
                        + " commit_tags.delete_unreachable is off");
    }

    @Test
    void liveBranchesKeepOnlyTheirNewestCommitTags() {
        Policy keepTwo = new Policy("master", List.of(), true, 2);
        Inventory.CommitImage featX = new Inventory.CommitImage(Optional.of("feat/x"));
        Inventory inventory = new Inventory(
                "app",
                Map.of(COMMIT_1, A, COMMIT_2, B, COMMIT_3, C),
                Map.of(),
                Map.of(COMMIT_1, featX, COMMIT_2, featX, COMMIT_3, featX),
                Map.of(
                        A,
                        created("2026-01-01T00:00:00Z"),
                        B,
                        created("2026-01-03T00:00:00Z"),
                        C,
                        created("2026-01-02T00:00:00Z")),
                Map.of(),
                Set.of(),
                false,
                true);

        List<Decision> plan = Planner.plan(inventory, List.of("master", "feat/x"), keepTwo, c -> true);

        assertThat(plan.stream().filter(Decision::removes).map(Decision::tag)).containsExactly(COMMIT_1);
        assertThat(byTag(plan).get(COMMIT_1).reason()).isEqualTo("over keep_per_branch (2) of branch 'feat/x'");
    }

    private static String sig(Digest subject) {
        return "sha256-" + subject.hex() + ".sig";
    }

    @Test
    void aSignatureGoesWithItsImageAndStaysWithAKeptOne() {
        Map<String, Decision> plan = byTag(Planner.plan(
                inventory(
                        Map.of("feat-gone-latest", A, sig(A), digest("sa"), "master-latest", B, sig(B), digest("sb"))),
                List.of("master"),
                POLICY,
                c -> true));

        assertThat(plan.get(sig(A)))
                .isEqualTo(new Decision(
                        sig(A),
                        digest("sa"),
                        Decision.Action.DELETE_MANIFEST,
                        "cosign signature of " + A.toString().substring(0, 19)
                                + ", which goes with 'feat-gone-latest'"));
        assertThat(plan.get(sig(B)))
                .isEqualTo(new Decision(
                        sig(B),
                        digest("sb"),
                        Decision.Action.KEEP,
                        "cosign signature of " + B.toString().substring(0, 19)
                                + ", which stays (kept tag 'master-latest')"));
    }

    @Test
    void aSignatureOfAPromotedImageStaysThoughTheBranchTagGoes() {
        Map<String, Decision> plan = byTag(Planner.plan(
                inventory(Map.of("feat-x-latest", A, "master-latest", A, "sha256-" + A.hex() + ".att", digest("att"))),
                List.of("master"),
                POLICY,
                c -> true));

        assertThat(plan.get("feat-x-latest").action()).isEqualTo(Decision.Action.UNTAG);
        assertThat(plan.get("sha256-" + A.hex() + ".att").reason())
                .isEqualTo("cosign attestation of " + A.toString().substring(0, 19)
                        + ", which stays (kept tag 'master-latest')");
    }

    @Test
    void aReferrerTagWhoseSubjectIsGoneIsReportedAndDeletedOnlyWithDeleteOrphans() {
        Inventory inventory = new Inventory(
                "app",
                Map.of("master-latest", B, sig(A), digest("sa"), sig(C), digest("sc")),
                Map.of(),
                Map.of(),
                Map.of(),
                Map.of(),
                Set.of(A),
                false,
                true);

        Map<String, Decision> kept = byTag(Planner.plan(inventory, List.of("master"), POLICY, c -> true));
        Map<String, Decision> deleted =
                byTag(Planner.plan(inventory, List.of("master"), POLICY.withDeleteOrphans(true), c -> true));

        assertThat(kept.get(sig(A)))
                .isEqualTo(new Decision(
                        sig(A),
                        digest("sa"),
                        Decision.Action.KEEP,
                        "orphaned cosign signature of " + A.toString().substring(0, 19)
                                + ": the subject no longer exists;" + " --delete-orphans deletes it"));
        assertThat(deleted.get(sig(A)).action()).isEqualTo(Decision.Action.DELETE_MANIFEST);
        // C still exists (untagged): its signature is no orphan, whatever the flag
        assertThat(deleted.get(sig(C)).reason()).endsWith(", which exists untagged");
        assertThat(deleted.get(sig(C)).action()).isEqualTo(Decision.Action.KEEP);
    }

    @Test
    void untaggedReferrersGoAndStayWithTheirSubjects() {
        Digest sbomOfA = digest("sbom-a");
        Digest sbomOfB = digest("sbom-b");
        Inventory inventory = new Inventory(
                "app",
                Map.of("feat-gone-latest", A, "master-latest", B),
                Map.of(),
                Map.of(),
                Map.of(),
                Map.of(
                        A,
                        List.of(new Inventory.Referrer(sbomOfA, "application/spdx+json")),
                        B,
                        List.of(new Inventory.Referrer(sbomOfB, "application/spdx+json"))),
                Set.of(),
                true,
                true);
        List<Decision> decisions = Planner.plan(inventory, List.of("master"), POLICY, c -> true);

        List<ReferrerDecision> referrers = Planner.referrers(inventory, decisions, POLICY);

        assertThat(referrers)
                .containsExactlyInAnyOrder(
                        new ReferrerDecision(
                                A,
                                sbomOfA,
                                "application/spdx+json",
                                true,
                                "referrer (application/spdx+json) of "
                                        + A.toString().substring(0, 19) + ", which goes with 'feat-gone-latest'"),
                        new ReferrerDecision(
                                B,
                                sbomOfB,
                                "application/spdx+json",
                                false,
                                "referrer (application/spdx+json)" + " of "
                                        + B.toString().substring(0, 19) + ", which stays (kept tag 'master-latest')"));
    }

    @Test
    void anImageYoungerThanMinAgeIsKeptWithItsAgeAndWhatWouldHaveHappened() {
        Instant now = Instant.parse("2026-11-29T12:00:00Z");
        Policy day = new Policy("master", List.of(), true, 0, Duration.ofHours(24), false);
        Inventory inventory = new Inventory(
                "app",
                Map.of("feat-new-latest", A, "feat-old-latest", B, "feat-unknown-latest", C, sig(A), digest("sa")),
                Map.of(),
                Map.of(),
                Map.of(
                        A,
                        new Inventory.ImageTime(Instant.parse("2026-11-29T11:00:00Z"), true),
                        B,
                        created("2026-11-28T11:59:59Z"),
                        digest("sa"),
                        created("2026-11-28T00:00:00Z")),
                Map.of(),
                Set.of(),
                false,
                true);

        Map<String, Decision> plan = byTag(Planner.plan(inventory, List.of("master"), day, c -> true, now));

        assertThat(plan.get("feat-new-latest"))
                .isEqualTo(new Decision(
                        "feat-new-latest",
                        A,
                        Decision.Action.KEEP,
                        "younger than min_age (24h; first seen 2026-11-29T11:00:00Z); it would otherwise go: branch gone (no"
                                + " live branch has the slug 'feat-new')"));
        assertThat(plan.get("feat-old-latest").action()).isEqualTo(Decision.Action.DELETE_MANIFEST);
        assertThat(plan.get("feat-unknown-latest").reason()).startsWith("younger than min_age: its age is unknown;");
        // the signature of a young image stays with it
        assertThat(plan.get(sig(A)).reason()).endsWith(", which stays (kept tag 'feat-new-latest')");
    }

    @Test
    void anEmptyBranchListIsRefusedOutright() {
        assertThatThrownBy(() -> Planner.plan(inventory(Map.of("master-latest", A)), Set.of(), POLICY, c -> false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no live branches: refusing to plan (every image would look abandoned)");
    }
}

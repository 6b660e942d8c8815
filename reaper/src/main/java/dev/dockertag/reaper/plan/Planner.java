package dev.dockertag.reaper.plan;

import dev.dockertag.registry.BranchNaming;
import dev.dockertag.registry.Deadline;
import dev.dockertag.registry.image.Digest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides, for one repository, which tags go and how, from an inventory listed in full beforehand. Only tags of the
 * branch naming scheme are candidates ({@code <slug>-latest} and commit tags); a tag whose slug belongs to a live
 * branch (collisions included), the main branch's tags and protected tags stay; and a digest that a kept tag or a kept
 * index still references is never deleted: a doomed tag on it is only untagged.
 */
public final class Planner {

    private static final Pattern LATEST = Pattern.compile("(.+)" + Pattern.quote(BranchNaming.LATEST_SUFFIX));
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{7,40}");

    private Planner() {}

    /** Whether a tag has the shape of a commit tag (7 to 40 lower-case hex digits). */
    public static boolean isCommitTag(String tag) {
        return COMMIT.matcher(tag).matches();
    }

    /** {@link #plan(Inventory, Collection, Policy, Predicate, Instant)} as of now. */
    public static List<Decision> plan(
            Inventory inventory, Collection<String> liveBranches, Policy policy, Predicate<String> reachable) {
        return plan(inventory, liveBranches, policy, reachable, Instant.now());
    }

    /**
     * @param liveBranches the remote's branches; must not be empty (the caller refuses that first)
     * @param reachable whether a commit is reachable from a live branch or tag
     * @param now the clock {@code min_age} is measured against
     */
    public static List<Decision> plan(
            Inventory inventory,
            Collection<String> liveBranches,
            Policy policy,
            Predicate<String> reachable,
            Instant now) {
        if (liveBranches.isEmpty()) {
            throw new IllegalArgumentException("no live branches: refusing to plan (every image would look abandoned)");
        }
        Map<String, List<String>> liveSlugs = new HashMap<>();
        for (String branch : liveBranches) {
            liveSlugs
                    .computeIfAbsent(BranchNaming.slug(branch), s -> new ArrayList<>())
                    .add(branch);
        }
        String mainSlug = BranchNaming.slug(policy.mainBranch());
        Map<String, Verdict> verdicts = new TreeMap<>();
        List<String> referrerTags = new ArrayList<>();
        Set<String> overLimit = overKeepPerBranch(inventory, policy, liveSlugs);
        for (String tag : new TreeMap<>(inventory.tags()).keySet()) {
            Optional<String> protectedBy = policy.protect().stream()
                    .filter(p -> p.matcher(tag).matches())
                    .map(Pattern::pattern)
                    .findFirst();
            Matcher latest = LATEST.matcher(tag);
            if (protectedBy.isPresent()) {
                decide(verdicts, tag, true, "protected by '" + protectedBy.get() + "'");
            } else if (ReferrerTags.subject(tag).isPresent()) {
                referrerTags.add(tag); // decided once its subject's fate is known
            } else if (latest.matches()) {
                String slug = latest.group(1);
                if (slug.equals(mainSlug)) {
                    decide(verdicts, tag, true, "main branch '" + policy.mainBranch() + "'");
                } else if (liveSlugs.containsKey(slug)) {
                    decide(verdicts, tag, true, "live branch " + quoted(liveSlugs.get(slug)));
                } else {
                    decide(verdicts, tag, false, "branch gone (no live branch has the slug '" + slug + "')");
                }
            } else if (COMMIT.matcher(tag).matches()) {
                commitVerdict(inventory, policy, reachable, overLimit, tag, verdicts, liveBranches);
            } else {
                decide(verdicts, tag, true, "not a branch or commit tag");
            }
        }
        graceYoungImages(inventory, policy, now, verdicts);
        if (!referrerTags.isEmpty()) {
            Fates fates = Fates.of(inventory, withActions(inventory, verdicts));
            for (String tag : referrerTags) {
                // no grace of their own: they follow their subject, whose age was weighed above
                verdicts.put(tag, referrerVerdict(inventory, policy, fates, tag));
            }
        }
        return withActions(inventory, verdicts);
    }

    /**
     * The untagged referrers of every subject (from the referrers API, or listed by a fallback index): each goes with
     * its subject and stays with it; one a kept tag or kept index still needs stays.
     *
     * @param decisions this inventory's tag decisions, from {@link #plan}
     */
    public static List<ReferrerDecision> referrers(Inventory inventory, List<Decision> decisions, Policy policy) {
        Fates fates = Fates.of(inventory, decisions);
        List<ReferrerDecision> result = new ArrayList<>();
        inventory.referrers().entrySet().stream()
                .sorted(Map.Entry.comparingByKey(Comparator.comparing(Digest::toString)))
                .forEach(entry -> {
                    Digest subject = entry.getKey();
                    List<Inventory.Referrer> referrers = entry.getValue();
                    for (Inventory.Referrer referrer : referrers) {
                        String what = "referrer"
                                + (referrer.artifactType() == null ? "" : " (" + referrer.artifactType() + ")") + " of "
                                + shortDigest(subject);
                        if (fates.stays().containsKey(subject)) {
                            result.add(new ReferrerDecision(
                                    subject,
                                    referrer.digest(),
                                    referrer.artifactType(),
                                    false,
                                    what + ", which " + fates.staysOrUntagged(subject)));
                        } else if (fates.stays().containsKey(referrer.digest())) {
                            result.add(new ReferrerDecision(
                                    subject,
                                    referrer.digest(),
                                    referrer.artifactType(),
                                    false,
                                    what + "; itself still needed ("
                                            + fates.stays().get(referrer.digest()) + ")"));
                        } else if (fates.goes().containsKey(subject)) {
                            result.add(new ReferrerDecision(
                                    subject,
                                    referrer.digest(),
                                    referrer.artifactType(),
                                    true,
                                    what + ", which goes with '" + fates.goes().get(subject) + "'"));
                        } else if (inventory.absentSubjects().contains(subject)) {
                            result.add(new ReferrerDecision(
                                    subject,
                                    referrer.digest(),
                                    referrer.artifactType(),
                                    policy.deleteOrphans(),
                                    "orphaned " + what + ": the subject no longer exists"
                                            + (policy.deleteOrphans()
                                                    ? " (--delete-orphans)"
                                                    : "; --delete-orphans deletes it")));
                        } else {
                            result.add(new ReferrerDecision(
                                    subject,
                                    referrer.digest(),
                                    referrer.artifactType(),
                                    false,
                                    what + ", which " + fates.staysOrUntagged(subject)));
                        }
                    }
                });
        return result;
    }

    /**
     * Which digests stay and which go once the tags are decided: a digest stays when a kept or only untagged tag is on
     * it or it is a child of a kept index; it goes when its manifest is deleted.
     */
    private record Fates(Map<Digest, String> stays, Map<Digest, String> goes) {

        static Fates of(Inventory inventory, List<Decision> decisions) {
            Map<Digest, String> stays = new HashMap<>();
            Map<Digest, String> goes = new HashMap<>();
            List<Decision> keptFirst = decisions.stream()
                    .sorted(Comparator.comparing(d -> d.action() != Decision.Action.KEEP))
                    .toList();
            for (Decision decision : keptFirst) {
                if (decision.action() == Decision.Action.DELETE_MANIFEST) {
                    goes.putIfAbsent(decision.digest(), decision.tag());
                } else {
                    stays.putIfAbsent(
                            decision.digest(),
                            (decision.action() == Decision.Action.KEEP
                                            ? "kept tag '"
                                            : "still needed, only untagged: '")
                                    + decision.tag() + "'");
                    if (decision.action() == Decision.Action.KEEP) {
                        for (Digest child : inventory.indexChildren().getOrDefault(decision.digest(), List.of())) {
                            stays.putIfAbsent(child, "a child of kept index tag '" + decision.tag() + "'");
                        }
                    }
                }
            }
            return new Fates(stays, goes);
        }

        String staysOrUntagged(Digest subject) {
            return stays.containsKey(subject) ? "stays (" + stays.get(subject) + ")" : "exists untagged";
        }
    }

    private static Verdict referrerVerdict(Inventory inventory, Policy policy, Fates fates, String tag) {
        Digest subject = ReferrerTags.subject(tag).orElseThrow();
        String what = ReferrerTags.kind(tag) + " of " + shortDigest(subject);
        if (fates.goes().containsKey(subject)) {
            return new Verdict(
                    false, what + ", which goes with '" + fates.goes().get(subject) + "'");
        }
        if (fates.stays().containsKey(subject)) {
            return new Verdict(true, what + ", which stays (" + fates.stays().get(subject) + ")");
        }
        if (inventory.absentSubjects().contains(subject)) {
            return policy.deleteOrphans()
                    ? new Verdict(false, "orphaned " + what + ": the subject no longer exists (--delete-orphans)")
                    : new Verdict(
                            true,
                            "orphaned " + what + ": the subject no longer exists; --delete-orphans" + " deletes it");
        }
        return new Verdict(true, what + ", which exists untagged");
    }

    /** A tag that would go but whose image is younger than {@code min_age} stays (a build may still pull it). */
    private static void graceYoungImages(
            Inventory inventory, Policy policy, Instant now, Map<String, Verdict> verdicts) {
        if (policy.minAge().isZero()) {
            return;
        }
        verdicts.replaceAll((tag, verdict) -> {
            if (verdict.keep()) {
                return verdict;
            }
            Optional<Inventory.ImageTime> time = inventory.time(inventory.tags().get(tag));
            if (time.isEmpty()) {
                return new Verdict(true, YOUNG + ": its age is unknown; it would otherwise go: " + verdict.reason());
            }
            if (time.get().at().plus(policy.minAge()).isAfter(now)) {
                return new Verdict(
                        true,
                        YOUNG + " (" + Deadline.words(policy.minAge()) + "; "
                                + time.get().describe() + "); it would otherwise go: " + verdict.reason());
            }
            return verdict;
        });
    }

    private static final String YOUNG = "younger than min_age";

    private static String shortDigest(Digest digest) {
        String text = digest.toString();
        return text.substring(0, Math.min(19, text.length()));
    }

    private static void commitVerdict(
            Inventory inventory,
            Policy policy,
            Predicate<String> reachable,
            Set<String> overLimit,
            String tag,
            Map<String, Verdict> verdicts,
            Collection<String> liveBranches) {
        Optional<String> branch = inventory.commitImage(tag).branch();
        if (branch.isPresent() && branch.get().equals(policy.mainBranch())) {
            decide(verdicts, tag, true, "commit of the main branch '" + policy.mainBranch() + "'");
        } else if (policy.deleteUnreachable() && !reachable.test(tag)) {
            decide(verdicts, tag, false, "commit unreachable from every live branch and tag");
        } else if (overLimit.contains(tag)) {
            decide(
                    verdicts,
                    tag,
                    false,
                    "over keep_per_branch (" + policy.keepPerBranch() + ") of branch '" + branch.orElseThrow() + "'");
        } else {
            decide(verdicts, tag, true, keptCommitReason(branch, policy, liveBranches));
        }
    }

    private static String keptCommitReason(Optional<String> branch, Policy policy, Collection<String> liveBranches) {
        boolean reachable = policy.deleteUnreachable(); // else every commit tag is kept, reachable or not
        if (branch.isPresent() && liveBranches.contains(branch.get())) {
            return "commit of live branch '" + branch.get() + "'";
        }
        // the image's branch label names where it was built, not where its commit is now: a merged branch's head
        // is on the main branch too, so say both
        String built =
                branch.map(b -> "built on '" + b + "', a branch now gone; ").orElse("");
        return reachable
                ? built + (branch.isPresent() ? "its commit is" : "commit") + " reachable from a live branch or tag"
                        + (branch.isPresent() ? " (merged)" : "")
                : built + "commit tags are kept: commit_tags.delete_unreachable is off";
    }

    /** Commit tags of each live, non-main branch beyond the newest {@code keepPerBranch} (by image creation). */
    private static Set<String> overKeepPerBranch(
            Inventory inventory, Policy policy, Map<String, List<String>> liveSlugs) {
        if (policy.keepPerBranch() == 0) {
            return Set.of();
        }
        Map<String, List<String>> byBranch = new TreeMap<>();
        for (String tag : inventory.tags().keySet()) {
            Optional<String> branch = inventory.commitImage(tag).branch();
            if (COMMIT.matcher(tag).matches()
                    && branch.isPresent()
                    && !branch.get().equals(policy.mainBranch())
                    && liveSlugs
                            .getOrDefault(BranchNaming.slug(branch.get()), List.of())
                            .contains(branch.get())) {
                byBranch.computeIfAbsent(branch.get(), b -> new ArrayList<>()).add(tag);
            }
        }
        Set<String> over = new HashSet<>();
        Comparator<String> newestFirst = Comparator.comparing((String t) -> inventory
                        .time(inventory.tags().get(t))
                        .map(Inventory.ImageTime::at)
                        .orElse(Instant.EPOCH))
                .reversed()
                .thenComparing(Comparator.naturalOrder());
        byBranch.values().forEach(tags -> {
            tags.sort(newestFirst);
            over.addAll(tags.subList(Math.min(policy.keepPerBranch(), tags.size()), tags.size()));
        });
        return over;
    }

    /** Whether a tag stays, and why. */
    private record Verdict(boolean keep, String reason) {}

    /** Turns verdicts into actions: a doomed tag on a digest that something kept references is only untagged. */
    private static List<Decision> withActions(Inventory inventory, Map<String, Verdict> verdicts) {
        Map<Digest, String> needed = new LinkedHashMap<>();
        verdicts.forEach((tag, verdict) -> {
            if (verdict.keep()) {
                Digest digest = inventory.tags().get(tag);
                needed.putIfAbsent(digest, "kept tag '" + tag + "'");
                for (Digest child : inventory.indexChildren().getOrDefault(digest, List.of())) {
                    needed.putIfAbsent(child, "a child of kept index tag '" + tag + "'");
                }
            }
        });
        List<Decision> decisions = new ArrayList<>();
        verdicts.forEach((tag, verdict) -> {
            Digest digest = inventory.tags().get(tag);
            if (verdict.keep()) {
                decisions.add(new Decision(tag, digest, Decision.Action.KEEP, verdict.reason()));
            } else if (needed.containsKey(digest)) {
                String why = needed.get(digest);
                decisions.add(new Decision(
                        tag,
                        digest,
                        Decision.Action.UNTAG,
                        verdict.reason() + "; its digest is " + (why.startsWith("kept tag") ? "also the " + why : why)
                                + ", so only the tag goes"));
            } else {
                decisions.add(new Decision(tag, digest, Decision.Action.DELETE_MANIFEST, verdict.reason()));
            }
        });
        return decisions;
    }

    private static void decide(Map<String, Verdict> verdicts, String tag, boolean kept, String reason) {
        verdicts.put(tag, new Verdict(kept, reason));
    }

    private static String quoted(List<String> branches) {
        return String.join(
                ", ", branches.stream().sorted().map(b -> "'" + b + "'").toList());
    }
}

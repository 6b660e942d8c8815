package dev.dockertag.reaper.apply;

import dev.dockertag.reaper.apply.Outcome.Result;
import dev.dockertag.reaper.plan.Decision;
import dev.dockertag.reaper.plan.Decision.Action;
import dev.dockertag.reaper.plan.ReapPlan;
import dev.dockertag.reaper.plan.ReferrerDecision;
import dev.dockertag.reaper.plan.RepositoryPlan;
import dev.dockertag.reaper.provider.Deleter;
import dev.dockertag.reaper.provider.Deleters;
import dev.dockertag.registry.ImageReference;
import dev.dockertag.registry.RegistryClient;
import dev.dockertag.registry.RegistryException;
import dev.dockertag.registry.RepositoryClient;
import dev.dockertag.registry.image.Descriptor;
import dev.dockertag.registry.image.Digest;
import dev.dockertag.registry.image.Manifest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Carries out a plan, with the safety rules that only matter once something is deleted: the journal is written before
 * the first deletion (rule 8 keeps secrets out of it); each tag is re-resolved just before it goes and skipped if it
 * moved (rule 4); a digest a kept tag has moved onto since the plan is not deleted; afterwards every kept tag must
 * still resolve to the same digest and every kept index's children must still be there, else everything is restored
 * from the journal and the apply fails (rule 6). Repositories are done one after another, tags one at a time, to keep
 * each window small.
 */
public final class PlanExecutor {

    private final RegistryClient registry;
    private final Deleters deleters;
    private final Consumer<String> log;

    /** {@code repository:tag} of the tags the deletion under way takes (what failed, if it fails). */
    private List<String> attempting = List.of();

    /** As the other constructor, deleting through the registry API only. */
    public PlanExecutor(RegistryClient registry, Consumer<String> log) {
        this(registry, Deleters.registryApiOnly(), log);
    }

    public PlanExecutor(RegistryClient registry, Deleters deleters, Consumer<String> log) {
        this.registry = registry;
        this.deleters = deleters;
        this.log = log;
    }

    private Deleter deleter(RepositoryPlan plan) {
        return deleters.forRepository(ImageReference.parse(plan.repository()), plan.untagMethod());
    }

    public ApplyReport apply(ReapPlan plan, Path journalFile) {
        writeJournal(plan, journalFile);
        log.accept("journal written to " + journalFile + " (reaper undo " + journalFile + " puts everything back"
                + " until GC runs)");
        List<Outcome> outcomes = new ArrayList<>();
        List<String> mismatches = new ArrayList<>();
        int verified = 0;
        for (RepositoryPlan repositoryPlan : carriedOut(plan)) {
            RepositoryClient repository = registry.repository(ImageReference.parse(repositoryPlan.repository()));
            try {
                Deleter deleter = deleter(repositoryPlan);
                Map<String, Optional<Digest>> keptNow = resolveAll(repository, repositoryPlan.kept());
                removeManifests(repository, deleter, repositoryPlan, keptNow, outcomes);
                removeReferrers(repository, deleter, repositoryPlan, outcomes);
                untag(repository, deleter, repositoryPlan, outcomes);
                mismatches.addAll(verify(repository, repositoryPlan, keptNow));
                verified += keptNow.size();
            } catch (RegistryException e) {
                // some tags may be gone already: the journal has them all, and re-pushing one that is
                // still there changes nothing
                List<TagStatus> tags = everyPlannedTag(plan, outcomes);
                throw new ApplyStopped(
                        "the apply stopped in " + repositoryPlan.repository() + ": " + e.getMessage() + "\n"
                                + String.join(
                                        "\n", tags.stream().map(TagStatus::line).toList())
                                + "\nwhat it had removed until then is in the journal " + journalFile
                                + "; GC was not run",
                        "reaper undo " + journalFile + " puts every tag of the plan back",
                        tags,
                        journalFile);
            } finally {
                attempting = List.of();
            }
        }
        if (!mismatches.isEmpty()) {
            List<String> restored;
            try {
                restored = new Restorer(registry, deleters).restore(Journal.read(journalFile));
            } catch (RegistryException e) {
                throw new ApplyFailure(
                        "kept tags changed during the apply, and putting back what it removed failed: " + e.getMessage()
                                + "\n" + String.join("\n", mismatches),
                        "reaper undo " + journalFile
                                + " puts every tag of the plan back once the registry takes pushes");
            }
            restored.forEach(log);
            throw new ApplyFailure(
                    "kept tags changed during the apply, so everything it removed was put back from " + journalFile
                            + ":\n" + String.join("\n", mismatches),
                    "someone pushed or deleted while the reaper ran; run reaper plan again and compare");
        }
        return new ApplyReport(journalFile, outcomes, verified);
    }

    /** The repositories with something to remove where the registry can delete (the others are left alone). */
    private static List<RepositoryPlan> carriedOut(ReapPlan plan) {
        return plan.repositories().stream()
                .filter(r -> r.removesAnything() && r.deletion().possible())
                .toList();
    }

    /**
     * Each removed tag's digest, and the bytes of every manifest involved (children before their index, and the
     * untagged referrers that go with their subjects), written to {@code file} as each is fetched: an apply of 50,000
     * deletions never holds them all.
     */
    private void writeJournal(ReapPlan plan, Path file) {
        Journal.write(file, Instant.now(), journal -> {
            for (RepositoryPlan repositoryPlan : carriedOut(plan)) {
                RepositoryClient repository = registry.repository(ImageReference.parse(repositoryPlan.repository()));
                Map<String, Digest> tags = new TreeMap<>();
                Set<Digest> manifests = new LinkedHashSet<>();
                for (Decision removal : repositoryPlan.removals()) {
                    tags.put(removal.tag(), removal.digest());
                    manifests.addAll(
                            repositoryPlan.inventory().indexChildren().getOrDefault(removal.digest(), List.of()));
                    manifests.add(removal.digest());
                }
                for (ReferrerDecision referrer : repositoryPlan.referrerRemovals()) {
                    manifests.add(referrer.digest());
                }
                Deleter deleter = deleter(repositoryPlan);
                journal.repository(
                        repositoryPlan.repository(),
                        tags,
                        deleter.api().key(),
                        deleter.restoreIds(repository, deletedDigests(repositoryPlan)));
                for (Digest digest : manifests) {
                    journal.manifest(fetch(repository, digest));
                }
            }
        });
    }

    /** The digests the apply deletes (an untagged digest stays, and an index's children are not deleted). */
    private static List<Digest> deletedDigests(RepositoryPlan plan) {
        Set<Digest> deleted = new LinkedHashSet<>();
        plan.removals().stream()
                .filter(d -> d.action() == Action.DELETE_MANIFEST)
                .forEach(d -> deleted.add(d.digest()));
        plan.referrerRemovals().forEach(r -> deleted.add(r.digest()));
        return List.copyOf(deleted);
    }

    private static Manifest fetch(RepositoryClient repository, Digest digest) {
        return repository
                .fetchManifest(digest.toString())
                .orElseThrow(() -> new ApplyFailure(
                        "manifest " + digest + " of " + repository.name()
                                + " vanished after the plan was made; nothing was deleted",
                        "run reaper apply again: it plans afresh"));
    }

    private static Map<String, Optional<Digest>> resolveAll(RepositoryClient repository, List<Decision> decisions) {
        Map<String, Optional<Digest>> now = new TreeMap<>();
        for (Decision decision : decisions) {
            now.put(decision.tag(), repository.resolve(decision.tag()).map(Descriptor::parsedDigest));
        }
        return now;
    }

    /**
     * Each doomed digest once (a delete by digest takes every tag on it), unless a kept tag now points there; handed to
     * the deleter in runs of its batch size, each tag re-resolved just before its run.
     */
    private void removeManifests(
            RepositoryClient repository,
            Deleter deleter,
            RepositoryPlan plan,
            Map<String, Optional<Digest>> keptNow,
            List<Outcome> outcomes) {
        Map<Digest, List<Decision>> byDigest = new LinkedHashMap<>();
        plan.removals().stream()
                .filter(d -> d.action() == Action.DELETE_MANIFEST)
                .forEach(d -> byDigest.computeIfAbsent(d.digest(), x -> new ArrayList<>())
                        .add(d));
        List<Digest> digests = List.copyOf(byDigest.keySet());
        for (int from = 0; from < digests.size(); from += deleter.batchSize()) {
            Map<Digest, List<Decision>> run = new LinkedHashMap<>();
            for (Digest digest : digests.subList(from, Math.min(digests.size(), from + deleter.batchSize()))) {
                List<Decision> decisions = byDigest.get(digest);
                Optional<String> keptOnIt = keptNow.entrySet().stream()
                        .filter(e -> e.getValue().equals(Optional.of(digest)))
                        .map(Map.Entry::getKey)
                        .findFirst();
                if (keptOnIt.isPresent()) {
                    decisions.forEach(d -> outcomes.add(outcome(
                            plan,
                            d,
                            Result.SKIPPED,
                            "the kept tag '" + keptOnIt.get() + "' has moved onto " + digest
                                    + " since the plan, so it is not deleted")));
                    continue;
                }
                List<Decision> stillThere = new ArrayList<>();
                for (Decision decision : decisions) {
                    Optional<Digest> now = repository.resolve(decision.tag()).map(Descriptor::parsedDigest);
                    if (now.equals(Optional.of(digest))) {
                        stillThere.add(decision);
                    } else {
                        outcomes.add(outcome(plan, decision, Result.SKIPPED, moved(now)));
                    }
                }
                if (!stillThere.isEmpty()) {
                    run.put(digest, stillThere);
                }
            }
            if (run.isEmpty()) {
                continue;
            }
            attempting = run.values().stream()
                    .flatMap(List::stream)
                    .map(d -> plan.repository() + ":" + d.tag())
                    .toList();
            Map<Digest, List<String>> doomed = new LinkedHashMap<>();
            run.forEach((digest, decisions) ->
                    doomed.put(digest, decisions.stream().map(Decision::tag).toList()));
            Deleter.Deletions result = deleter.delete(repository, doomed);
            attempting = List.of();
            String done =
                    plan.deletion().untaggedStay() ? "tags deleted; the manifest stays, untagged" : "manifest deleted";
            run.forEach((digest, decisions) -> {
                String failed = result.failed().get(digest);
                for (Decision decision : decisions) {
                    String what = plan.repository() + ":" + decision.tag() + " (" + digest + ")";
                    if (failed != null) {
                        log.accept("could not delete " + what + ": " + failed);
                        outcomes.add(outcome(plan, decision, Result.LEFT, failed));
                    } else if (result.alreadyGone().contains(digest)) {
                        log.accept("already gone: " + what);
                        outcomes.add(outcome(plan, decision, Result.REMOVED, "already gone"));
                    } else {
                        log.accept("deleted " + what);
                        outcomes.add(outcome(plan, decision, Result.REMOVED, done));
                    }
                }
            });
        }
    }

    /**
     * The untagged referrers that go with their subjects, after them, and only where the subject really went in this
     * apply (or, for an orphan, was already gone): a subject skipped since the plan keeps its referrers.
     */
    private void removeReferrers(
            RepositoryClient repository, Deleter deleter, RepositoryPlan plan, List<Outcome> outcomes) {
        Set<Digest> gone = new LinkedHashSet<>(plan.inventory().absentSubjects());
        outcomes.stream()
                .filter(o -> o.repository().equals(plan.repository()) && o.tag() != null)
                .filter(o -> o.result() == Result.REMOVED)
                .map(Outcome::digest)
                .forEach(gone::add);
        for (ReferrerDecision referrer : plan.referrerRemovals()) {
            if (!gone.contains(referrer.subject())) {
                outcomes.add(new Outcome(
                        plan.repository(),
                        null,
                        referrer.digest(),
                        Result.SKIPPED,
                        "its subject " + referrer.subject() + " was not deleted, so its referrer stays"));
                continue;
            }
            if (plan.deletion().untaggedStay()) {
                outcomes.add(new Outcome(
                        plan.repository(),
                        null,
                        referrer.digest(),
                        Result.SKIPPED,
                        "the provider deletes tags only, so this untagged referrer of " + referrer.subject()
                                + " stays"));
                continue;
            }
            Deleter.Deletions result = deleter.delete(repository, Map.of(referrer.digest(), List.of()));
            String failed = result.failed().get(referrer.digest());
            if (failed != null) {
                log.accept("could not delete " + plan.repository() + "@" + referrer.digest() + ": " + failed);
                outcomes.add(new Outcome(plan.repository(), null, referrer.digest(), Result.LEFT, failed));
                continue;
            }
            boolean deleted = result.deleted().contains(referrer.digest());
            log.accept((deleted ? "deleted " : "already gone: ") + plan.repository() + "@" + referrer.digest()
                    + " (referrer of " + referrer.subject() + ")");
            outcomes.add(new Outcome(
                    plan.repository(),
                    null,
                    referrer.digest(),
                    Result.REMOVED,
                    (deleted ? "referrer deleted" : "already gone") + " with its subject " + referrer.subject()));
        }
    }

    private void untag(RepositoryClient repository, Deleter deleter, RepositoryPlan plan, List<Outcome> outcomes) {
        for (Decision decision : plan.removals()) {
            if (decision.action() != Action.UNTAG) {
                continue;
            }
            Optional<Descriptor> now = repository.resolve(decision.tag());
            if (!now.map(Descriptor::parsedDigest).equals(Optional.of(decision.digest()))) {
                outcomes.add(outcome(plan, decision, Result.SKIPPED, moved(now.map(Descriptor::parsedDigest))));
                continue;
            }
            attempting = List.of(plan.repository() + ":" + decision.tag());
            Optional<String> problem = deleter.untag(
                    repository, decision.tag(), decision.digest(), now.get().mediaType());
            attempting = List.of();
            if (problem.isPresent()) {
                log.accept("could not untag " + plan.repository() + ":" + decision.tag() + ": " + problem.get());
                outcomes.add(outcome(plan, decision, Result.LEFT, problem.get()));
            } else {
                log.accept(
                        "untagged " + plan.repository() + ":" + decision.tag() + " (" + decision.digest() + " stays)");
                outcomes.add(outcome(plan, decision, Result.REMOVED, "untagged; the manifest stays"));
            }
        }
    }

    /**
     * Where each tag of the plan stands when an apply stops part way: {@code deleted}, {@code skipped (why)},
     * {@code failed} (the deletion that stopped it) or {@code not attempted}, so that nobody has to work it out from
     * the plan.
     */
    private List<TagStatus> everyPlannedTag(ReapPlan plan, List<Outcome> outcomes) {
        Map<String, Outcome> done = new LinkedHashMap<>();
        outcomes.stream().filter(o -> o.tag() != null).forEach(o -> done.put(o.what(), o));
        List<TagStatus> tags = new ArrayList<>();
        for (RepositoryPlan repositoryPlan : carriedOut(plan)) {
            for (Decision decision : repositoryPlan.removals()) {
                String what = repositoryPlan.repository() + ":" + decision.tag();
                Outcome outcome = done.get(what);
                tags.add(
                        outcome != null
                                ? TagStatus.of(outcome)
                                : attempting.contains(what)
                                        ? new TagStatus(
                                                repositoryPlan.repository(),
                                                decision.tag(),
                                                decision.digest(),
                                                TagStatus.State.FAILED,
                                                "the request above")
                                        : new TagStatus(
                                                repositoryPlan.repository(),
                                                decision.tag(),
                                                decision.digest(),
                                                TagStatus.State.NOT_ATTEMPTED,
                                                null));
            }
        }
        return tags;
    }

    /** Every kept tag as it was just before the deletions, and every child of a kept index still present. */
    private static List<String> verify(
            RepositoryClient repository, RepositoryPlan plan, Map<String, Optional<Digest>> keptBefore) {
        List<String> mismatches = new ArrayList<>();
        Set<Digest> children = new LinkedHashSet<>();
        keptBefore.forEach((tag, before) -> {
            Optional<Digest> after = repository.resolve(tag).map(Descriptor::parsedDigest);
            if (!after.equals(before)) {
                mismatches.add(plan.repository() + ":" + tag + " was "
                        + before.map(Digest::toString).orElse("absent") + " before the deletions and is "
                        + after.map(Digest::toString).orElse("gone") + " after");
            }
            before.ifPresent(
                    d -> children.addAll(plan.inventory().indexChildren().getOrDefault(d, List.of())));
        });
        for (Digest child : children) {
            if (repository.resolve(child.toString()).isEmpty()) {
                mismatches.add(plan.repository() + "@" + child + ", a child of a kept index, is gone");
            }
        }
        return mismatches;
    }

    private static String moved(Optional<Digest> now) {
        return now.map(d -> "the tag moved to " + d + " since the plan; left alone")
                .orElse("the tag is already gone");
    }

    private static Outcome outcome(RepositoryPlan plan, Decision decision, Result result, String detail) {
        return new Outcome(plan.repository(), decision.tag(), decision.digest(), result, detail);
    }
}

package dev.dockertag.reaper.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dockertag.reaper.plan.Decision;
import dev.dockertag.reaper.plan.Decision.Action;
import dev.dockertag.reaper.plan.DeleteSupport;
import dev.dockertag.reaper.plan.GcEstimate;
import dev.dockertag.reaper.plan.Inventory;
import dev.dockertag.reaper.plan.ReapPlan;
import dev.dockertag.reaper.plan.ReferrerDecision;
import dev.dockertag.reaper.plan.ReferrerTags;
import dev.dockertag.reaper.plan.RepositoryPlan;
import dev.dockertag.reaper.plan.UntagMethod;
import dev.dockertag.registry.ByteSizes;
import dev.dockertag.registry.image.Digest;
import dev.dockertag.tool.cli.Counts;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A plan for people (aligned text) or for tools ({@code --json}). Neither holds anything secret. */
public final class PlanReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private PlanReport() {}

    /**
     * One block per repository: how it deletes (or that it cannot), the untag method, then each tag with its action and
     * reason; a referrer (tag or untagged) is listed under a tag of its subject.
     */
    public static String text(ReapPlan plan) {
        StringBuilder out = new StringBuilder();
        out.append("live branches (")
                .append(plan.liveBranches().size())
                .append("): ")
                .append(String.join(", ", plan.liveBranches()))
                .append('\n');
        for (RepositoryPlan repository : plan.repositories()) {
            out.append('\n')
                    .append(repository.repository())
                    .append(": ")
                    .append(Counts.of(repository.decisions().size(), "tag"))
                    .append(", ")
                    .append(repository.removals().size())
                    .append(" to remove");
            if (!repository.referrers().isEmpty()) {
                out.append("; ")
                        .append(repository.referrers().size())
                        .append(" untagged referrers, ")
                        .append(repository.referrerRemovals().size())
                        .append(" to remove");
            }
            out.append('\n');
            if (!repository.inventory().exists()) {
                out.append("  ").append(Inventory.UNKNOWN).append('\n');
            } else if (repository.decisions().isEmpty()
                    && repository.referrers().isEmpty()) {
                out.append("  ").append(Inventory.NO_TAGS).append('\n');
            }
            if (repository.deletion() != DeleteSupport.NOT_ASKED) {
                out.append("  deletion: ")
                        .append(repository.deletion().description())
                        .append(
                                repository.deletion().possible()
                                        ? ""
                                        : "; apply leaves this repository alone and" + " exits 2")
                        .append('\n');
            }
            if (repository.deletion() != DeleteSupport.NOT_ASKED
                    && repository.deletion().possible()) {
                out.append("  undo: ")
                        .append(repository
                                .deletion()
                                .irreversible()
                                .map(why -> "cannot restore here (" + why + "); apply wants --irreversible "
                                        + repository.repository())
                                .orElse(undo(repository.deletion().api())))
                        .append('\n');
            }
            if (repository.untagMethod() != UntagMethod.NOT_NEEDED) {
                out.append("  untag method: ")
                        .append(repository.untagMethod().description())
                        .append('\n');
            }
            if (repository.gc().blobs() > 0) {
                out.append("  GC then frees: ").append(freed(repository.gc())).append('\n');
            }
            appendDecisions(out, repository);
        }
        List<Decision> all = plan.repositories().stream()
                .flatMap(r -> r.decisions().stream())
                .toList();
        long referrersGoing = plan.repositories().stream()
                .mapToLong(r -> r.referrerRemovals().size())
                .sum();
        long deleted = count(all, Action.DELETE_MANIFEST);
        long untagged = count(all, Action.UNTAG);
        out.append("\nsummary: ")
                .append(Counts.of(deleted, "tag goes", "tags go"))
                .append(" with their manifest, ")
                .append(Counts.of(untagged, "is", "are"))
                .append(" only untagged, ")
                .append(count(all, Action.KEEP))
                .append(" kept");
        if (referrersGoing > 0) {
            out.append("; ")
                    .append(Counts.of(referrersGoing, "untagged referrer goes", "untagged referrers go"))
                    .append(" with their subjects");
        }
        out.append('\n');
        GcEstimate gc = plan.repositories().stream().map(RepositoryPlan::gc).reduce(GcEstimate.NONE, GcEstimate::plus);
        if (gc.blobs() > 0) {
            out.append("next: apply deletes; the registry's GC then frees ")
                    .append(freed(gc))
                    .append(" (blobs that other repositories share stay)\n");
        }
        return out.toString();
    }

    /** {@code 297.9 KiB (305,065 bytes) in 3 blobs no kept manifest uses}, and what could not be read. */
    private static String freed(GcEstimate gc) {
        return ByteSizes.of(gc.bytes()) + String.format(Locale.ROOT, " (%,d bytes) in ", gc.bytes())
                + Counts.of(gc.blobs(), "blob") + " no kept manifest uses"
                + (gc.unread() > 0
                        ? "; " + Counts.of(gc.unread(), "deleted manifest", "deleted manifests")
                                + " could not be read and are not counted"
                        : "");
    }

    /** The tags in order, each followed by what refers to its digest (once per digest), then the rest. */
    private static void appendDecisions(StringBuilder out, RepositoryPlan repository) {
        Map<Digest, List<Decision>> referrerTags = new LinkedHashMap<>();
        List<Decision> subjects = new ArrayList<>();
        Set<Digest> tagged = new HashSet<>();
        for (Decision decision : repository.decisions()) {
            Optional<Digest> subject = ReferrerTags.subject(decision.tag());
            if (subject.isPresent()) {
                referrerTags
                        .computeIfAbsent(subject.get(), d -> new ArrayList<>())
                        .add(decision);
            } else {
                subjects.add(decision);
                tagged.add(decision.digest());
            }
        }
        Map<Digest, List<ReferrerDecision>> untagged = new LinkedHashMap<>();
        repository
                .referrers()
                .forEach(r -> untagged.computeIfAbsent(r.subject(), d -> new ArrayList<>())
                        .add(r));
        int width = repository.decisions().stream()
                .mapToInt(d -> d.tag().length())
                .max()
                .orElse(0);
        Set<Digest> shown = new HashSet<>();
        for (Decision decision : subjects) {
            line(out, "  ", word(decision.action()), decision.tag(), width, decision.digest(), decision.reason());
            if (shown.add(decision.digest())) {
                appendReferrers(out, referrerTags.remove(decision.digest()), untagged.remove(decision.digest()), width);
            }
        }
        if (!referrerTags.isEmpty() || !untagged.isEmpty()) {
            out.append("  referrers whose subject has no tag here:\n");
            Set<Digest> rest = new LinkedHashSet<>(referrerTags.keySet());
            rest.addAll(untagged.keySet());
            rest.forEach(subject -> appendReferrers(out, referrerTags.get(subject), untagged.get(subject), width));
        }
    }

    private static void appendReferrers(
            StringBuilder out, List<Decision> tags, List<ReferrerDecision> untagged, int width) {
        for (Decision decision : tags == null ? List.<Decision>of() : tags) {
            line(out, "   ^ ", word(decision.action()), decision.tag(), width, decision.digest(), decision.reason());
        }
        for (ReferrerDecision referrer : untagged == null ? List.<ReferrerDecision>of() : untagged) {
            line(
                    out,
                    "   ^ ",
                    referrer.removes() ? "delete" : "keep",
                    "(untagged)",
                    width,
                    referrer.digest(),
                    referrer.reason());
        }
    }

    private static void line(
            StringBuilder out, String indent, String action, String tag, int width, Digest digest, String reason) {
        String text = digest.toString();
        out.append(indent)
                .append(String.format("%-6s", action))
                .append(' ')
                .append(String.format("%-" + Math.max(width - indent.length() + 2, 1) + "s", tag))
                .append("  ")
                .append(text, 0, Math.min(19, text.length()))
                .append("  ")
                .append(reason)
                .append('\n');
    }

    public static String json(ReapPlan plan) {
        return text(jsonTree(plan));
    }

    /** A JSON document as {@code plan --json} and {@code apply --json} print it: indented, with a final newline. */
    public static String text(ObjectNode document) {
        try {
            return JSON.writeValueAsString(document) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The plan as {@code plan --json} prints it. */
    public static ObjectNode jsonTree(ReapPlan plan) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode branches = root.putArray("live_branches");
        plan.liveBranches().forEach(branches::add);
        ArrayNode repositories = root.putArray("repositories");
        for (RepositoryPlan repository : plan.repositories()) {
            ObjectNode node = repositories.addObject();
            node.put("repository", repository.repository());
            node.put("exists", repository.inventory().exists());
            node.put("untag_method", repository.untagMethod().name().toLowerCase(Locale.ROOT));
            node.put("can_delete", repository.deletion().possible());
            node.put("deletion", repository.deletion().description());
            node.put("api", repository.deletion().api());
            repository.deletion().irreversible().ifPresent(why -> node.put("irreversible", why));
            node.put("gc_frees_bytes", repository.gc().bytes());
            node.put("gc_frees_blobs", repository.gc().blobs());
            ArrayNode tags = node.putArray("tags");
            for (Decision decision : repository.decisions()) {
                tags.addObject()
                        .put("tag", decision.tag())
                        .put("digest", decision.digest().toString())
                        .put("action", decision.action().name().toLowerCase(Locale.ROOT))
                        .put("reason", decision.reason());
                ReferrerTags.subject(decision.tag()).ifPresent(d -> last(tags).put("subject", d.toString()));
            }
            ArrayNode referrers = node.putArray("referrers");
            for (ReferrerDecision referrer : repository.referrers()) {
                referrers
                        .addObject()
                        .put("subject", referrer.subject().toString())
                        .put("digest", referrer.digest().toString())
                        .put("artifact_type", referrer.artifactType())
                        .put("action", referrer.removes() ? "delete_manifest" : "keep")
                        .put("reason", referrer.reason());
            }
        }
        root.put("removals", plan.removals());
        return root;
    }

    private static ObjectNode last(ArrayNode array) {
        return (ObjectNode) array.get(array.size() - 1);
    }

    private static String word(Action action) {
        return switch (action) {
            case KEEP -> "keep";
            case DELETE_MANIFEST -> "delete";
            case UNTAG -> "untag";
        };
    }

    private static long count(List<Decision> decisions, Action action) {
        return decisions.stream().filter(d -> d.action() == action).count();
    }

    /** How {@code reaper undo} puts back what this API deleted. */
    private static String undo(String api) {
        return switch (api) {
            case "ghcr" -> "restores the package versions through GitHub (for 30 days), then checks the tags";
            case "dockerhub", "gitlab" ->
                "pushes the tags back onto the manifests the provider keeps untagged (until its own cleanup)";
            default -> "pushes the manifests and tags back from the journal (until GC runs)";
        };
    }
}

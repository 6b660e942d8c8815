package dev.dockertag.reaper.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dockertag.reaper.plan.Decision;
import dev.dockertag.reaper.plan.Decision.Action;
import dev.dockertag.reaper.plan.ReapPlan;
import dev.dockertag.reaper.plan.RepositoryPlan;
import dev.dockertag.reaper.plan.UntagMethod;
import java.io.UncheckedIOException;
import java.util.List;

/** A plan for people (aligned text) or for tools ({@code --json}). Neither holds anything secret. */
public final class PlanReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private PlanReport() {
    }

    public static String text(ReapPlan plan) {
        StringBuilder out = new StringBuilder();
        out.append("live branches (").append(plan.liveBranches().size()).append("): ")
                .append(String.join(", ", plan.liveBranches())).append('\n');
        for (RepositoryPlan repository : plan.repositories()) {
            out.append('\n').append(repository.repository()).append(": ").append(repository.decisions().size())
                    .append(" tags, ").append(repository.removals().size()).append(" to remove\n");
            if (repository.untagMethod() != UntagMethod.NOT_NEEDED) {
                out.append("  untag method: ").append(repository.untagMethod().description()).append('\n');
            }
            int width = repository.decisions().stream().mapToInt(d -> d.tag().length()).max().orElse(0);
            for (Decision decision : repository.decisions()) {
                out.append("  ").append(String.format("%-6s", word(decision.action()))).append(' ')
                        .append(String.format("%-" + width + "s", decision.tag())).append("  ")
                        .append(decision.digest().toString(), 0, Math.min(19, decision.digest().toString().length()))
                        .append("  ").append(decision.reason()).append('\n');
            }
        }
        List<Decision> all = plan.repositories().stream().flatMap(r -> r.decisions().stream()).toList();
        out.append("\nsummary: ").append(count(all, Action.DELETE_MANIFEST)).append(" tags go with their manifest, ")
                .append(count(all, Action.UNTAG)).append(" are only untagged, ").append(count(all, Action.KEEP))
                .append(" kept\n");
        return out.toString();
    }

    public static String json(ReapPlan plan) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode branches = root.putArray("live_branches");
        plan.liveBranches().forEach(branches::add);
        ArrayNode repositories = root.putArray("repositories");
        for (RepositoryPlan repository : plan.repositories()) {
            ObjectNode node = repositories.addObject();
            node.put("repository", repository.repository());
            node.put("untag_method", repository.untagMethod().name().toLowerCase(java.util.Locale.ROOT));
            ArrayNode tags = node.putArray("tags");
            for (Decision decision : repository.decisions()) {
                tags.addObject().put("tag", decision.tag()).put("digest", decision.digest().toString())
                        .put("action", decision.action().name().toLowerCase(java.util.Locale.ROOT))
                        .put("reason", decision.reason());
            }
        }
        root.put("removals", plan.removals());
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
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
}

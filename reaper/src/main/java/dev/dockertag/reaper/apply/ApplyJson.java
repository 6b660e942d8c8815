package dev.dockertag.reaper.apply;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code apply --json} says of the apply itself, next to the plan: whether it finished, every planned removal with
 * its state ({@code deleted}, {@code skipped}, {@code left}, {@code failed}, {@code not attempted}), the journal and
 * the command that undoes it, and the error that stopped it.
 */
public final class ApplyJson {

    private ApplyJson() {}

    /**
     * An apply whose deletions ran to their end (its {@code left} tags, if any, make it incomplete), and what failed
     * after them ({@code error}: GC, a pipeline, a registry that cannot delete), or null.
     */
    public static ObjectNode finished(ApplyReport report, String error) {
        return result(
                report.complete(), report.outcomes().stream().map(TagStatus::of).toList(), report.journal(), error);
    }

    /** An apply that stopped part way. */
    public static ObjectNode stopped(ApplyStopped stopped) {
        return result(false, stopped.tags(), stopped.journal(), stopped.getMessage());
    }

    /** An apply refused before it deleted anything ({@code journal} null when none was written). */
    public static ObjectNode refused(String error) {
        return result(false, List.of(), null, error);
    }

    /** Nothing to remove. */
    public static ObjectNode nothing() {
        return result(true, List.of(), null, null);
    }

    private static ObjectNode result(boolean complete, List<TagStatus> tags, Path journal, String error) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("complete", complete);
        ArrayNode array = node.putArray("tags");
        for (TagStatus tag : tags) {
            ObjectNode t = array.addObject().put("repository", tag.repository());
            if (tag.tag() != null) {
                t.put("tag", tag.tag());
            }
            t.put("digest", tag.digest().toString()).put("state", tag.state().words());
            if (tag.detail() != null) {
                t.put("detail", tag.detail());
            }
        }
        if (journal != null) {
            node.put("journal", journal.toString());
            node.put("undo", "reaper undo " + journal);
        }
        if (error != null) {
            node.put("error", error);
        }
        return node;
    }
}

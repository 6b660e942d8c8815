package dev.dockertag.pipelinegen.validate;

import static dev.dockertag.pipelinegen.validate.PipelineValidator.RESOURCE_TYPES;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * What the rules share while one pipeline is checked: the pipeline, the names it declares (collected before any rule
 * runs, as Concourse's lookups see them), the problems found so far in order, and the helpers that word them as
 * Concourse does.
 */
final class Findings {

    static final Set<String> HOOKS = Set.of("ensure", "on_error", "on_abort", "on_failure", "on_success");
    static final Pattern DURATION = Pattern.compile("[-+]?(?:0|(?:[0-9]*(?:\\.[0-9]*)?(?:ns|us|µs|ms|s|m|h))+)");

    final JsonNode pipeline;
    /** The Concourse version checked for (8, or 7 where its rules differ). */
    final int concourse;

    final List<Problem> problems = new ArrayList<>();
    final Set<String> resources = new LinkedHashSet<>();
    final Set<String> resourceTypes = new LinkedHashSet<>();
    final Set<String> prototypes = new LinkedHashSet<>();
    final Map<String, JsonNode> jobs = new LinkedHashMap<>();
    final Map<String, Set<String>> interactions = new HashMap<>();

    Findings(JsonNode pipeline, int concourse) {
        this.pipeline = pipeline;
        this.concourse = concourse;
    }

    void collectNames() {
        for (JsonNode resource : array("resources")) {
            resources.add(text(resource, "name"));
        }
        for (JsonNode type : array("resource_types")) {
            resourceTypes.add(text(type, "name"));
        }
        for (JsonNode prototype : array("prototypes")) {
            prototypes.add(text(prototype, "name"));
        }
        for (JsonNode job : array("jobs")) {
            String name = text(job, "name");
            jobs.putIfAbsent(name, job);
            Set<String> used = interactions.computeIfAbsent(name, n -> new HashSet<>());
            forEachStep(job, step -> {
                if (step.has("get")) {
                    used.add(
                            step.has("resource")
                                    ? step.path("resource").asText()
                                    : step.path("get").asText());
                }
                if (step.has("put")) {
                    used.add(
                            step.has("resource")
                                    ? step.path("resource").asText()
                                    : step.path("put").asText());
                }
            });
        }
    }

    /**
     * The checks resources and resource types share: known fields, identifier, unique and present name, a type. Returns
     * the context ({@code resources.x}, or {@code resources[i]} without a name).
     */
    String named(String section, String list, int index, JsonNode item, Set<String> keys, Map<String, Integer> names) {
        String name = text(item, "name");
        String id = name.isEmpty() ? list + "[" + index + "]" : list + "." + name;
        unknownFields(section, id, item, keys);
        Identifiers.check(section, name, List.of(id)).ifPresent(problems::add);
        Integer other = names.putIfAbsent(name, index);
        if (other != null && !name.isEmpty()) {
            error(
                    section,
                    list + "[" + other + "] and " + list + "[" + index + "] have the same name ('" + name + "')");
        }
        if (name.isEmpty()) {
            error(section, id + " has no name");
        }
        if (text(item, "type").isEmpty()) {
            error(section, id + " has no type");
        }
        return id;
    }

    void checkInterval(String section, String id, JsonNode node, String key, boolean neverAllowed) {
        JsonNode value = node.get(key);
        if (value == null) {
            return;
        }
        if (!value.isTextual()) {
            error(section, id + "." + key + ": non-string value provided");
            return;
        }
        String text = value.asText();
        if (!(neverAllowed && text.equals("never")) && !DURATION.matcher(text).matches() && !text.startsWith("((")) {
            error(
                    section,
                    id + "." + key + ": invalid duration '" + text + "'"
                            + (neverAllowed ? " (use 'never' or a" + " duration such as 1m or 24h)" : ""));
        }
    }

    void unknownFields(String section, String id, JsonNode node, Set<String> known) {
        if (!node.isObject()) {
            error(section, id + ": must be a mapping");
            return;
        }
        Set<String> unknown = unknownKeys(node, known);
        if (!unknown.isEmpty()) {
            error(section, id + ": unknown fields " + quoted(unknown));
        }
    }

    /** The keys of a mapping that are not {@code known}, sorted as Go sorts them for its message. */
    static Set<String> unknownKeys(JsonNode node, Set<String> known) {
        Set<String> unknown = new TreeSet<>();
        node.fieldNames().forEachRemaining(k -> {
            if (!known.contains(k)) {
                unknown.add(k);
            }
        });
        return unknown;
    }

    void error(String section, String message) {
        problems.add(Problem.error(section, message));
    }

    /**
     * A boolean (or, with {@code integer}, a whole number) field: Concourse decodes pipelines into typed Go structs, so
     * {@code serial: sometimes} or {@code trigger: ((var))} is refused when it is set.
     */
    void typed(String section, String id, JsonNode node, String key, boolean integer) {
        wrongType(node.get(key), integer).ifPresent(problem -> error(section, id + "." + key + ": " + problem));
    }

    static Optional<String> wrongType(JsonNode value, boolean integer) {
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (integer ? value.isIntegralNumber() : value.isBoolean()) {
            return Optional.empty();
        }
        String what = value.isTextual()
                ? "the string '" + value.asText() + "'"
                : value.isContainerNode() ? (value.isArray() ? "a list" : "a mapping") : "'" + value.asText() + "'";
        return Optional.of("must be " + (integer ? "a whole number" : "a boolean (true or false)") + ", not " + what
                + (value.isTextual() && value.asText().startsWith("((")
                        ? " (a typed field takes a value given"
                                + " with fly set-pipeline -v, not a ((var)) left for later)"
                        : ""));
    }

    void warning(String section, String message) {
        problems.add(Problem.warning(section, message));
    }

    List<JsonNode> array(String key) {
        List<JsonNode> result = new ArrayList<>();
        JsonNode node = pipeline.get(key);
        if (node != null && node.isArray()) {
            node.forEach(result::add);
        } else if (node != null && !node.isNull()) {
            error(key.equals("resource_types") ? RESOURCE_TYPES : key, key + ": must be a list");
        }
        return result;
    }

    static String text(JsonNode node, String key) {
        JsonNode value = node.get(key);
        return value == null || value.isNull() || value.isContainerNode() ? "" : value.asText();
    }

    static List<String> strings(JsonNode node) {
        List<String> result = new ArrayList<>();
        if (node != null && node.isArray()) {
            node.forEach(n -> result.add(n.asText()));
        }
        return result;
    }

    /** Go's {@code %+q} of a string slice: {@code ["a" "b"]}. */
    static String quoted(Set<String> keys) {
        StringBuilder out = new StringBuilder("[");
        for (Iterator<String> it = keys.iterator(); it.hasNext(); ) {
            out.append('"').append(it.next()).append('"');
            if (it.hasNext()) {
                out.append(' ');
            }
        }
        return out.append(']').toString();
    }

    /** Visits every step of a job (plan, nested steps, hooks) with the step's mapping. */
    static void forEachStep(JsonNode job, Consumer<JsonNode> action) {
        Deque<JsonNode> todo = new ArrayDeque<>();
        job.path("plan").forEach(todo::add);
        HOOKS.forEach(h -> {
            if (job.has(h)) {
                todo.add(job.get(h));
            }
        });
        while (!todo.isEmpty()) {
            JsonNode step = todo.pop();
            if (!step.isObject()) {
                continue;
            }
            action.accept(step);
            for (String key : List.of("do", "aggregate")) {
                step.path(key).forEach(todo::add);
            }
            JsonNode parallel = step.path("in_parallel");
            (parallel.isArray() ? parallel : parallel.path("steps")).forEach(todo::add);
            if (step.has("try")) {
                todo.add(step.get("try"));
            }
            HOOKS.forEach(h -> {
                if (step.has(h)) {
                    todo.add(step.get(h));
                }
            });
        }
    }
}

package dev.dockertag.pipelinegen.validate;

import static dev.dockertag.pipelinegen.validate.PipelineValidator.JOBS;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The steps of one job, with the per-job state Concourse keeps (get names, local vars): one core step and its wrappers
 * in Concourse's precedence, known fields and their types, resources that exist, {@code passed} jobs that touch them,
 * tasks, across vars, hooks. Ports concourse/concourse atc/step_validator.go ({@code StepValidator}, 8.x).
 *
 * <p>Longer than this project's files usually are (about 390 lines), on purpose: it follows step_validator.go function
 * by function, in its order, so that a Concourse release's change to the Go file maps to one place here; split, the two
 * would stop reading side by side.
 */
final class StepsRule {

    private static final List<String> PRECEDENCE = List.of(
            "ensure",
            "on_error",
            "on_abort",
            "on_failure",
            "on_success",
            "across",
            "attempts",
            "timeout",
            "run",
            "task",
            "put",
            "get",
            "set_pipeline",
            "load_var",
            "try",
            "do",
            "in_parallel");
    /** atc.TaskConfig's fields (concourse/concourse atc/task.go). */
    private static final Set<String> TASK_CONFIG_KEYS = Set.of(
            "platform",
            "image_resource",
            "rootfs_uri",
            "container_limits",
            "params",
            "run",
            "inputs",
            "outputs",
            "caches");

    private static final Map<String, Set<String>> CORE_KEYS = Map.of(
            "get", Set.of("get", "resource", "version", "params", "passed", "trigger", "tags"),
            "put", Set.of("put", "resource", "params", "inputs", "tags", "get_params", "no_get"),
            "task",
                    Set.of(
                            "task",
                            "privileged",
                            "file",
                            "config",
                            "params",
                            "vars",
                            "tags",
                            "input_mapping",
                            "output_mapping",
                            "image",
                            "hermetic",
                            "container_limits"),
            "set_pipeline", Set.of("set_pipeline", "file", "team", "vars", "var_files", "instance_vars"),
            "load_var", Set.of("load_var", "file", "format", "reveal"),
            "run", Set.of("run", "type", "params", "privileged", "tags"),
            "try", Set.of("try"),
            "do", Set.of("do"),
            "in_parallel", Set.of("in_parallel"));

    private final Findings f;
    private final List<String> context;
    private final Set<String> seenGets = new HashSet<>();
    private final Deque<Set<String>> scopes = new ArrayDeque<>();

    StepsRule(Findings f, List<String> context) {
        this.f = f;
        this.context = new ArrayList<>(context);
        scopes.push(new HashSet<>());
    }

    void validateJob(JsonNode job) {
        // The plan is a `do`; job-level hooks wrap it, validated after it like step hooks.
        push(".do");
        JsonNode plan = job.path("plan");
        for (int i = 0; i < plan.size(); i++) {
            push("[" + i + "]");
            validate(plan.get(i));
            pop();
        }
        pop();
        for (String hook : PRECEDENCE) {
            if (Findings.HOOKS.contains(hook) && job.has(hook)) {
                push("." + hook);
                validate(job.get(hook));
                pop();
            }
        }
    }

    void validate(JsonNode step) {
        if (step == null || !step.isObject()) {
            record("malformed step: a step must be a mapping such as {get: ...} or {task: ...}");
            return;
        }
        List<String> wrappers = new ArrayList<>();
        Set<String> remaining = new LinkedHashSet<>();
        step.fieldNames().forEachRemaining(remaining::add);
        String core = null;
        for (String key : PRECEDENCE) {
            if (!remaining.contains(key)) {
                continue;
            }
            if (CORE_KEYS.containsKey(key)) {
                core = key;
                remaining.removeAll(CORE_KEYS.get(key));
                break;
            }
            wrappers.add(key);
            remaining.remove(key);
            if (key.equals("across")) {
                remaining.remove("fail_fast");
            }
        }
        if (wrappers.isEmpty() && core == null) {
            record("no step configured");
            return;
        }
        if (core == null) {
            record("no core step type declared (e.g. get, put, task, etc.)");
            return;
        }
        if ((core.equals("do") || core.equals("in_parallel")) && remaining.remove("tags")) {
            recordWarning("tags on a " + core + " step is only read by Concourse's main branch (8.x ignores it);"
                    + " put tags on the steps inside");
        }
        if (!remaining.isEmpty()) {
            record("unknown fields " + Findings.quoted(new TreeSet<>(remaining)));
        }
        visit(step, wrappers, 0, core);
    }

    private void visit(JsonNode step, List<String> wrappers, int index, String core) {
        if (index == wrappers.size()) {
            visitCore(step, core);
            return;
        }
        String wrapper = wrappers.get(index);
        switch (wrapper) {
            case "across" -> {
                push(".across");
                if (f.concourse < 8) {
                    recordWarning("the across step needs CONCOURSE_ENABLE_ACROSS_STEP on Concourse 7 (on by default"
                            + " from 8)");
                }
                scopes.push(new HashSet<>());
                JsonNode vars = step.path("across");
                if (!vars.isArray() || vars.isEmpty()) {
                    record("no vars specified");
                } else {
                    for (int i = 0; i < vars.size(); i++) {
                        push("[" + i + "]");
                        acrossVar(vars.get(i));
                        pop();
                    }
                }
                visit(step, wrappers, index + 1, core);
                scopes.pop();
                pop();
            }
            // Concourse reads a step's timeout when the step runs, not when the pipeline is set
            case "timeout" -> visit(step, wrappers, index + 1, core);
            case "attempts" -> {
                visit(step, wrappers, index + 1, core);
                JsonNode attempts = step.path("attempts");
                boolean laterVar = attempts.isTextual() && attempts.asText().startsWith("((");
                if (!laterVar && attempts.asInt(0) <= 0) {
                    push(".attempts");
                    record("must be greater than 0");
                    pop();
                }
            }
            default -> {
                visit(step, wrappers, index + 1, core);
                push("." + wrapper);
                validate(step.get(wrapper));
                pop();
            }
        }
    }

    private void visitCore(JsonNode step, String core) {
        switch (core) {
            case "get" -> visitGet(step);
            case "put" -> {
                String name = step.path("put").asText("");
                push(".put(" + name + ")");
                identifier(name);
                String resource = step.has("resource") ? step.path("resource").asText() : name;
                if (!f.resources.contains(resource)) {
                    record("unknown resource '" + resource + "'");
                }
                pop();
            }
            case "task" -> visitTask(step);
            case "set_pipeline" -> {
                String name = step.path("set_pipeline").asText("");
                push(".set_pipeline(" + name + ")");
                identifier(name);
                if (step.path("file").asText("").isEmpty()) {
                    record("no file specified");
                }
                if (f.concourse < 8 && step.has("instance_vars")) {
                    recordWarning("instance_vars need CONCOURSE_ENABLE_PIPELINE_INSTANCES on Concourse 7 (on by"
                            + " default from 8)");
                }
                pop();
            }
            case "load_var" -> {
                String name = step.path("load_var").asText("");
                push(".load_var(" + name + ")");
                identifier(name);
                declare(name);
                if (step.path("file").asText("").isEmpty()) {
                    record("no file specified");
                }
                pop();
            }
            case "run" -> {
                String message = step.path("run").asText("");
                String type = step.path("type").asText("");
                push(".run(" + type + "." + message + ")");
                Identifiers.check(JOBS, message, context)
                        .ifPresent(p -> f.problems.add(Problem.error(JOBS, p.message())));
                if (!f.prototypes.contains(type)) {
                    record("unknown prototype '" + type + "'");
                }
                pop();
            }
            case "try" -> {
                push(".try");
                validate(step.get("try"));
                pop();
            }
            case "do" -> {
                push(".do");
                JsonNode steps = step.path("do");
                if (!steps.isArray()) {
                    record("malformed do step: do must be a list of steps");
                }
                for (int i = 0; i < steps.size(); i++) {
                    push("[" + i + "]");
                    validate(steps.get(i));
                    pop();
                }
                pop();
            }
            default -> {
                push(".in_parallel");
                JsonNode config = step.path("in_parallel");
                JsonNode steps = config.isArray() ? config : config.path("steps");
                if (!config.isArray() && !config.isObject()) {
                    record("malformed in_parallel step: give a list of steps or {steps, limit, fail_fast}");
                }
                for (int i = 0; i < steps.size(); i++) {
                    push(".steps[" + i + "]");
                    validate(steps.get(i));
                    pop();
                }
                pop();
            }
        }
    }

    private void visitGet(JsonNode step) {
        String name = step.path("get").asText("");
        push(".get(" + name + ")");
        identifier(name);
        if (!seenGets.add(name)) {
            record("repeated name");
        }
        String resource = step.has("resource") ? step.path("resource").asText() : name;
        if (!f.resources.contains(resource)) {
            record("unknown resource '" + resource + "'");
        }
        typedHere(step, "trigger", false);
        JsonNode passed = step.get("passed");
        if (passed != null && !passed.isArray()) {
            record("malformed get step: passed must be a list of job names");
        }
        push(".passed");
        for (String glob : Findings.strings(passed)) {
            Optional<Pattern> pattern = Globs.compile(glob);
            if (pattern.isEmpty()) {
                record("invalid glob expression '" + glob + "'");
                continue;
            }
            boolean found = false;
            for (String job : f.jobs.keySet()) {
                if (pattern.get().matcher(job).matches()) {
                    found = true;
                    if (!f.interactions.getOrDefault(job, Set.of()).contains(resource)) {
                        record("job '" + job + "' does not interact with resource '" + resource + "'");
                    }
                }
            }
            if (!found) {
                record("no matching job(s) for '" + glob + "'");
            }
        }
        pop();
        pop();
    }

    private void visitTask(JsonNode step) {
        String name = step.path("task").asText("");
        push(".task(" + name + ")");
        identifier(name);
        boolean hasFile = !step.path("file").asText("").isEmpty();
        typedHere(step, "privileged", false);
        // TaskStep.Config is a pointer in Concourse: config: null decodes to no config at all.
        JsonNode config = step.has("config") && !step.get("config").isNull() ? step.get("config") : null;
        if (config == null && !hasFile) {
            record("must specify either `file:` or `config:`");
        }
        if (config != null && hasFile) {
            record("must specify one of `file:` or `config:`, not both");
        }
        if (config != null && step.has("image") && (config.has("image_resource") || config.has("rootfs_uri"))) {
            f.problems.add(Problem.warning(
                    JOBS,
                    String.join("", context) + ": specifies image: on the step but"
                            + " also specifies an image under config: - the image: on the step takes precedence"));
        }
        if (step.path("hermetic").asBoolean(false)) {
            f.problems.add(Problem.warning(
                    JOBS,
                    String.join("", context) + ": specifies `hermetic:` only works against worker containerd runtime"));
        }
        if (config != null) {
            push(".config");
            taskConfig(config);
            pop();
        }
        pop();
    }

    /**
     * One var of {@code across}: Concourse decodes it strictly into {@code AcrossVarConfig} (var, values,
     * max_in_flight, fail_fast), and {@code MaxInFlightConfig} takes {@code all} or a number.
     */
    private void acrossVar(JsonNode var) {
        Set<String> unknown = Findings.unknownKeys(var, ACROSS_VAR_KEYS);
        if (!unknown.isEmpty()) {
            record("unknown fields " + Findings.quoted(unknown));
        }
        declare(var.path("var").asText(""));
        JsonNode limit = var.get("max_in_flight");
        if (limit != null && limit.isTextual() && !limit.asText().equals("all")) {
            record("invalid max_in_flight \"" + limit.asText() + "\"");
        } else if (limit != null && !limit.isTextual() && limit.asInt(0) <= 0) {
            push(".max_in_flight");
            record("must be greater than 0");
            pop();
        }
        typedHere(var, "fail_fast", false);
    }

    private void taskConfig(JsonNode config) {
        if (!config.isObject()) {
            record("must be a mapping (the task's config)");
            return;
        }
        Set<String> unknown = Findings.unknownKeys(config, TASK_CONFIG_KEYS);
        if (!unknown.isEmpty()) {
            record("unknown fields " + Findings.quoted(unknown));
        }
        if (config.path("platform").asText("").isEmpty()) {
            record("missing 'platform'");
        }
        for (String list : List.of("inputs", "outputs")) {
            JsonNode items = config.path(list);
            for (int i = 0; i < items.size(); i++) {
                if (items.get(i).path("name").asText("").isEmpty()) {
                    record((list.equals("inputs") ? "input" : "output") + " in position " + i + " is missing a name");
                }
            }
        }
    }

    private void identifier(String name) {
        Identifiers.check(JOBS, name, context).ifPresent(f.problems::add);
    }

    private void declare(String var) {
        if (scopes.peek().contains(var)) {
            record("repeated var name");
        } else if (scopes.stream().anyMatch(s -> s.contains(var))) {
            f.problems.add(Problem.warning(JOBS, String.join("", context) + ": shadows local var '" + var + "'"));
        }
        scopes.peek().add(var);
    }

    private static final Set<String> ACROSS_VAR_KEYS = Set.of("var", "values", "max_in_flight", "fail_fast");

    private void record(String message) {
        f.problems.add(Problem.error(JOBS, String.join("", context) + ": " + message));
    }

    /** A boolean (or, with {@code integer}, a whole number) field of the step, if present. */
    private void typedHere(JsonNode step, String key, boolean integer) {
        Findings.wrongType(step.get(key), integer).ifPresent(problem -> record(key + ": " + problem));
    }

    private void recordWarning(String message) {
        f.problems.add(Problem.warning(JOBS, String.join("", context) + ": " + message));
    }

    private void push(String part) {
        context.add(part);
    }

    private void pop() {
        context.remove(context.size() - 1);
    }
}

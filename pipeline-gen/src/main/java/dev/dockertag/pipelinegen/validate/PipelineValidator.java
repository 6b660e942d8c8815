package dev.dockertag.pipelinegen.validate;

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
import java.util.regex.Pattern;

/**
 * The static checks Concourse applies when a pipeline is set ({@code fly validate-pipeline}), with its
 * messages, plus warnings a generator wants and Concourse lacks (a resource's {@code type} neither
 * declared nor a core type: a worker may still bring it). Sections are checked in Concourse's order:
 * groups, resources, resource types, jobs.
 */
public final class PipelineValidator {

    public static final String GROUPS = "groups";
    public static final String RESOURCES = "resources";
    public static final String RESOURCE_TYPES = "resource types";
    public static final String JOBS = "jobs";
    public static final String CONFIG = "config";

    /** Resource types every Concourse worker ships (the "base" types). */
    static final Set<String> CORE_TYPES = Set.of("bosh-io-release", "bosh-io-stemcell", "docker-image", "git",
            "github-release", "hg", "mock", "pool", "registry-image", "s3", "semver", "time", "tracker", "cf");

    private static final Set<String> TOP_LEVEL = Set.of("groups", "var_sources", "resources", "resource_types",
            "prototypes", "jobs", "display", "user_data");
    private static final Set<String> RESOURCE_KEYS = Set.of("name", "old_name", "public", "webhook_token", "type",
            "source", "check_every", "check_timeout", "tags", "version", "icon", "expose_build_created_by");
    private static final Set<String> RESOURCE_TYPE_KEYS = Set.of("name", "type", "source", "privileged",
            "check_every", "tags", "params", "defaults");
    private static final Set<String> GROUP_KEYS = Set.of("name", "jobs", "resources");
    private static final Set<String> JOB_KEYS = Set.of("name", "old_name", "public", "disable_manual_trigger",
            "serial", "interruptible", "serial_groups", "max_in_flight", "build_logs_to_retain",
            "build_log_retention", "on_success", "on_failure", "on_error", "on_abort", "ensure", "plan",
            "disable_reruns", "tags");
    private static final Set<String> HOOKS = Set.of("ensure", "on_error", "on_abort", "on_failure", "on_success");
    private static final List<String> PRECEDENCE = List.of("ensure", "on_error", "on_abort", "on_failure",
            "on_success", "across", "attempts", "timeout", "run", "task", "put", "get", "set_pipeline",
            "load_var", "try", "do", "in_parallel");
    /** atc.TaskConfig's fields (concourse/concourse atc/task.go). */
    private static final Set<String> TASK_CONFIG_KEYS = Set.of("platform", "image_resource", "rootfs_uri",
            "container_limits", "params", "run", "inputs", "outputs", "caches");
    private static final Map<String, Set<String>> CORE_KEYS = Map.of(
            "get", Set.of("get", "resource", "version", "params", "passed", "trigger", "tags"),
            "put", Set.of("put", "resource", "params", "inputs", "tags", "get_params", "no_get"),
            "task", Set.of("task", "privileged", "file", "config", "params", "vars", "tags", "input_mapping",
                    "output_mapping", "image", "hermetic", "container_limits"),
            "set_pipeline", Set.of("set_pipeline", "file", "team", "vars", "var_files", "instance_vars"),
            "load_var", Set.of("load_var", "file", "format", "reveal"),
            "run", Set.of("run", "type", "params", "privileged", "tags"),
            "try", Set.of("try"),
            "do", Set.of("do"),
            "in_parallel", Set.of("in_parallel"));
    private static final Pattern DURATION = Pattern.compile("[-+]?(?:0|(?:[0-9]*(?:\\.[0-9]*)?(?:ns|us|µs|ms|s|m|h))+)");

    private final JsonNode pipeline;
    private final List<Problem> problems = new ArrayList<>();
    private final Set<String> resources = new LinkedHashSet<>();
    private final Set<String> resourceTypes = new LinkedHashSet<>();
    private final Set<String> prototypes = new LinkedHashSet<>();
    private final Map<String, JsonNode> jobs = new LinkedHashMap<>();
    private final Map<String, Set<String>> interactions = new HashMap<>();

    private PipelineValidator(JsonNode pipeline) {
        this.pipeline = pipeline;
    }

    /** Every problem in a parsed pipeline, errors and warnings, in Concourse's section order. */
    public static List<Problem> validate(JsonNode pipeline) {
        PipelineValidator validator = new PipelineValidator(pipeline);
        validator.run();
        return List.copyOf(validator.problems);
    }

    private void run() {
        if (pipeline == null || !pipeline.isObject()) {
            problems.add(Problem.error(CONFIG, "the pipeline must be a YAML mapping"));
            return;
        }
        pipeline.fieldNames().forEachRemaining(k -> {
            if (!TOP_LEVEL.contains(k)) {
                problems.add(Problem.warning(CONFIG, "unknown top-level key '" + k + "' is ignored by Concourse"));
            }
        });
        collectNames();
        validateGroups();
        validateResources();
        validateResourceTypes();
        problems.addAll(VarSourcesRule.check(pipeline.get("var_sources")));
        validateJobs();
        problems.addAll(DisplayRule.check(pipeline.get("display")));
    }

    private void collectNames() {
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
                    used.add(step.has("resource") ? step.path("resource").asText() : step.path("get").asText());
                }
                if (step.has("put")) {
                    used.add(step.has("resource") ? step.path("resource").asText() : step.path("put").asText());
                }
            });
        }
    }

    private void validateGroups() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        Set<String> grouped = new HashSet<>();
        List<JsonNode> groups = array("groups");
        for (int i = 0; i < groups.size(); i++) {
            JsonNode group = groups.get(i);
            String name = text(group, "name");
            String id = name.isEmpty() ? "groups[" + i + "]" : "groups." + name;
            unknownFields(GROUPS, id, group, GROUP_KEYS);
            Identifiers.check(GROUPS, name, List.of(id)).ifPresent(problems::add);
            counts.merge(name, 1, Integer::sum);
            for (String glob : strings(group.path("jobs"))) {
                Optional<Pattern> pattern = Globs.compile(glob);
                if (pattern.isEmpty()) {
                    error(GROUPS, "invalid glob expression '" + glob + "' for group '" + name + "'");
                    continue;
                }
                List<String> matched = jobs.keySet().stream().filter(j -> pattern.get().matcher(j).matches()).toList();
                if (matched.isEmpty()) {
                    error(GROUPS, "no jobs match '" + glob + "' for group '" + name + "'");
                }
                grouped.addAll(matched);
            }
            for (String resource : strings(group.path("resources"))) {
                if (!resources.contains(resource)) {
                    error(GROUPS, "group '" + name + "' has unknown resource '" + resource + "'");
                }
            }
        }
        counts.forEach((name, count) -> {
            if (count > 1) {
                error(GROUPS, "group '" + name + "' appears " + count + " times. Duplicate names are not allowed.");
            }
        });
        if (!groups.isEmpty()) {
            jobs.keySet().stream().filter(j -> !grouped.contains(j))
                    .forEach(j -> error(GROUPS, "job '" + j + "' belongs to no group"));
        }
    }

    private void validateResources() {
        Map<String, Integer> names = new HashMap<>();
        List<JsonNode> list = array("resources");
        Set<String> used = new HashSet<>();
        interactions.values().forEach(used::addAll);
        for (int i = 0; i < list.size(); i++) {
            JsonNode resource = list.get(i);
            String id = named(RESOURCES, "resources", i, resource, RESOURCE_KEYS, names);
            typed(RESOURCES, id, resource, "public", false);
            String type = text(resource, "type");
            if (!type.isEmpty() && !resourceTypes.contains(type) && !CORE_TYPES.contains(type)) {
                // not Concourse's rule: a worker may bring any type (its resource-types directory)
                warning(RESOURCES, id + ": resource type '" + type + "' is neither in resource_types nor a core"
                        + " type; Concourse will look for it on the workers");
            }
            checkInterval(RESOURCES, id, resource, "check_every", true);
            checkInterval(RESOURCES, id, resource, "check_timeout", false);
        }
        for (String name : resources) {
            if (!name.isEmpty() && !used.contains(name)) {
                error(RESOURCES, "resource '" + name + "' is not used");
            }
        }
    }

    private void validateResourceTypes() {
        Map<String, Integer> names = new HashMap<>();
        List<JsonNode> list = array("resource_types");
        for (int i = 0; i < list.size(); i++) {
            JsonNode type = list.get(i);
            String id = named(RESOURCE_TYPES, "resource_types", i, type, RESOURCE_TYPE_KEYS, names);
            typed(RESOURCE_TYPES, id, type, "privileged", false);
            checkInterval(RESOURCE_TYPES, id, type, "check_every", true);
        }
    }

    /**
     * The checks resources and resource types share: known fields, identifier, unique and present name,
     * a type. Returns the context ({@code resources.x}, or {@code resources[i]} without a name).
     */
    private String named(String section, String list, int index, JsonNode item, Set<String> keys,
            Map<String, Integer> names) {
        String name = text(item, "name");
        String id = name.isEmpty() ? list + "[" + index + "]" : list + "." + name;
        unknownFields(section, id, item, keys);
        Identifiers.check(section, name, List.of(id)).ifPresent(problems::add);
        Integer other = names.putIfAbsent(name, index);
        if (other != null && !name.isEmpty()) {
            error(section, list + "[" + other + "] and " + list + "[" + index + "] have the same name ('" + name + "')");
        }
        if (name.isEmpty()) {
            error(section, id + " has no name");
        }
        if (text(item, "type").isEmpty()) {
            error(section, id + " has no type");
        }
        return id;
    }

    private void validateJobs() {
        List<JsonNode> list = array("jobs");
        if (list.isEmpty()) {
            error(JOBS, "jobs: pipeline must contain at least one job");
        }
        Map<String, Integer> names = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode job = list.get(i);
            String name = text(job, "name");
            String id = name.isEmpty() ? "jobs[" + i + "]" : "jobs." + name;
            unknownFields(JOBS, id, job, JOB_KEYS);
            for (String key : List.of("public", "disable_manual_trigger", "serial", "interruptible", "disable_reruns")) {
                typed(JOBS, id, job, key, false);
            }
            for (String key : List.of("max_in_flight", "build_logs_to_retain")) {
                typed(JOBS, id, job, key, true);
            }
            Identifiers.check(JOBS, name, List.of(id)).ifPresent(problems::add);
            Integer other = names.putIfAbsent(name, i);
            if (other != null && !name.isEmpty()) {
                error(JOBS, "jobs[" + other + "] and jobs[" + i + "] have the same name ('" + name + "')");
            }
            if (name.isEmpty()) {
                error(JOBS, id + " has no name");
            }
            retention(id, job);
            for (String group : strings(job.path("serial_groups"))) {
                Identifiers.check(JOBS, group, List.of(id + ".serial_groups")).ifPresent(problems::add);
            }
            if (job.path("plan").isMissingNode() || job.path("plan").isNull()) {
                continue; // Concourse reads a job without a plan as one with an empty plan
            }
            if (!job.path("plan").isArray()) {
                error(JOBS, id + ": plan must be a list of steps");
                continue;
            }
            new StepValidator(List.of(id, ".plan")).validateJob(job);
        }
        cycles();
    }

    private void retention(String id, JsonNode job) {
        JsonNode retain = job.get("build_logs_to_retain");
        JsonNode retention = job.get("build_log_retention");
        if (retain != null) {
            problems.add(Problem.warning(JOBS, id + ": build_logs_to_retain is deprecated, use build_log_retention"));
        }
        if (retain != null && retention != null) {
            error(JOBS, id + " can't use both build_log_retention and build_logs_to_retain");
        } else if (retain != null && retain.asInt() < 0) {
            error(JOBS, id + " has negative build_logs_to_retain: " + retain.asInt());
        }
        if (retention != null) {
            int builds = retention.path("builds").asInt(0);
            int days = retention.path("days").asInt(0);
            int min = retention.path("minimum_succeeded_builds").asInt(0);
            if (builds < 0) {
                error(JOBS, id + " has negative build_log_retention.builds: " + builds);
            }
            if (days < 0) {
                error(JOBS, id + " has negative build_log_retention.days: " + days);
            }
            if (min < 0) {
                error(JOBS, id + " has negative build_log_retention.min_success_builds: " + min);
            }
            if (builds > 0 && min > builds) {
                error(JOBS, id + " has build_log_retention.min_success_builds: " + min
                        + " greater than build_log_retention.min_success_builds: " + builds);
            }
        }
    }

    /** A job reachable from itself through {@code passed} constraints can never be scheduled. */
    private void cycles() {
        Map<String, Set<String>> upstream = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> job : jobs.entrySet()) {
            Set<String> passed = new LinkedHashSet<>();
            forEachStep(job.getValue(), step -> {
                if (step.has("get")) {
                    for (String glob : strings(step.path("passed"))) {
                        Globs.compile(glob).ifPresent(p -> jobs.keySet().stream()
                                .filter(j -> p.matcher(j).matches()).forEach(passed::add));
                    }
                }
            });
            upstream.put(job.getKey(), passed);
        }
        for (String start : upstream.keySet()) {
            Deque<String> todo = new ArrayDeque<>(upstream.get(start));
            Set<String> seen = new HashSet<>();
            while (!todo.isEmpty()) {
                String next = todo.pop();
                if (next.equals(start)) {
                    error(JOBS, "pipeline contains a cycle that starts at Job '" + start + "'");
                    return;
                }
                if (seen.add(next)) {
                    todo.addAll(upstream.getOrDefault(next, Set.of()));
                }
            }
        }
    }

    /** Validates the steps of one job, keeping the per-job state Concourse keeps (get names, local vars). */
    private final class StepValidator {

        private final List<String> context;
        private final Set<String> seenGets = new HashSet<>();
        private final Deque<Set<String>> scopes = new ArrayDeque<>();

        StepValidator(List<String> context) {
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
                if (HOOKS.contains(hook) && job.has(hook)) {
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
                record("unknown fields " + quoted(new TreeSet<>(remaining)));
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
                    scopes.push(new HashSet<>());
                    JsonNode vars = step.path("across");
                    if (!vars.isArray() || vars.isEmpty()) {
                        record("no vars specified");
                    } else {
                        for (int i = 0; i < vars.size(); i++) {
                            push("[" + i + "]");
                            declare(vars.get(i).path("var").asText(""));
                            JsonNode limit = vars.get(i).get("max_in_flight");
                            if (limit != null && !"all".equals(limit.asText()) && limit.asInt(0) <= 0) {
                                push(".max_in_flight");
                                record("must be greater than 0");
                                pop();
                            }
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
                    if (!resources.contains(resource)) {
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
                    Identifiers.check(JOBS, message, context).ifPresent(p -> problems.add(Problem.error(JOBS, p.message())));
                    if (!prototypes.contains(type)) {
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
            if (!resources.contains(resource)) {
                record("unknown resource '" + resource + "'");
            }
            typedHere(step, "trigger", false);
            JsonNode passed = step.get("passed");
            if (passed != null && !passed.isArray()) {
                record("malformed get step: passed must be a list of job names");
            }
            push(".passed");
            for (String glob : strings(passed)) {
                Optional<Pattern> pattern = Globs.compile(glob);
                if (pattern.isEmpty()) {
                    record("invalid glob expression '" + glob + "'");
                    continue;
                }
                boolean found = false;
                for (String job : jobs.keySet()) {
                    if (pattern.get().matcher(job).matches()) {
                        found = true;
                        if (!interactions.getOrDefault(job, Set.of()).contains(resource)) {
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
            JsonNode config = step.get("config");
            if (config == null && !hasFile) {
                record("must specify either `file:` or `config:`");
            }
            if (config != null && hasFile) {
                record("must specify one of `file:` or `config:`, not both");
            }
            if (config != null && step.has("image") && (config.has("image_resource") || config.has("rootfs_uri"))) {
                problems.add(Problem.warning(JOBS, String.join("", context) + ": specifies image: on the step but"
                        + " also specifies an image under config: - the image: on the step takes precedence"));
            }
            if (step.path("hermetic").asBoolean(false)) {
                problems.add(Problem.warning(JOBS, String.join("", context)
                        + ": specifies `hermetic:` only works against worker containerd runtime"));
            }
            if (config != null) {
                push(".config");
                taskConfig(config);
                pop();
            }
            pop();
        }

        private void taskConfig(JsonNode config) {
            if (!config.isObject()) {
                record("must be a mapping (the task's config)");
                return;
            }
            Set<String> unknown = new TreeSet<>();
            config.fieldNames().forEachRemaining(k -> {
                if (!TASK_CONFIG_KEYS.contains(k)) {
                    unknown.add(k);
                }
            });
            if (!unknown.isEmpty()) {
                record("unknown fields " + quoted(unknown));
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
            Identifiers.check(JOBS, name, context).ifPresent(problems::add);
        }

        private void declare(String var) {
            if (scopes.peek().contains(var)) {
                record("repeated var name");
            } else if (scopes.stream().anyMatch(s -> s.contains(var))) {
                problems.add(Problem.warning(JOBS, String.join("", context) + ": shadows local var '" + var + "'"));
            }
            scopes.peek().add(var);
        }

        private void record(String message) {
            problems.add(Problem.error(JOBS, String.join("", context) + ": " + message));
        }

        /** A boolean (or, with {@code integer}, a whole number) field of the step, if present. */
        private void typedHere(JsonNode step, String key, boolean integer) {
            wrongType(step.get(key), integer).ifPresent(problem -> record(key + ": " + problem));
        }

        private void recordWarning(String message) {
            problems.add(Problem.warning(JOBS, String.join("", context) + ": " + message));
        }

        private void push(String part) {
            context.add(part);
        }

        private void pop() {
            context.remove(context.size() - 1);
        }
    }

    private void checkInterval(String section, String id, JsonNode node, String key, boolean neverAllowed) {
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
            error(section, id + "." + key + ": invalid duration '" + text + "'" + (neverAllowed ? " (use 'never' or a"
                    + " duration such as 1m or 24h)" : ""));
        }
    }

    private void unknownFields(String section, String id, JsonNode node, Set<String> known) {
        if (!node.isObject()) {
            error(section, id + ": must be a mapping");
            return;
        }
        Set<String> unknown = new TreeSet<>();
        node.fieldNames().forEachRemaining(k -> {
            if (!known.contains(k)) {
                unknown.add(k);
            }
        });
        if (!unknown.isEmpty()) {
            error(section, id + ": unknown fields " + quoted(unknown));
        }
    }

    private void error(String section, String message) {
        problems.add(Problem.error(section, message));
    }

    /**
     * A boolean (or, with {@code integer}, a whole number) field: Concourse decodes pipelines into typed
     * Go structs, so {@code serial: sometimes} or {@code trigger: ((var))} is refused when it is set.
     */
    private void typed(String section, String id, JsonNode node, String key, boolean integer) {
        wrongType(node.get(key), integer).ifPresent(problem -> error(section, id + "." + key + ": " + problem));
    }

    private static Optional<String> wrongType(JsonNode value, boolean integer) {
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (integer ? value.isIntegralNumber() : value.isBoolean()) {
            return Optional.empty();
        }
        String what = value.isTextual() ? "the string '" + value.asText() + "'" : value.isContainerNode()
                ? (value.isArray() ? "a list" : "a mapping") : "'" + value.asText() + "'";
        return Optional.of("must be " + (integer ? "a whole number" : "a boolean (true or false)") + ", not " + what
                + (value.isTextual() && value.asText().startsWith("((") ? " (a typed field takes a value given"
                + " with fly set-pipeline -v, not a ((var)) left for later)" : ""));
    }

    private void warning(String section, String message) {
        problems.add(Problem.warning(section, message));
    }

    private List<JsonNode> array(String key) {
        List<JsonNode> result = new ArrayList<>();
        JsonNode node = pipeline.get(key);
        if (node != null && node.isArray()) {
            node.forEach(result::add);
        } else if (node != null && !node.isNull()) {
            error(key.equals("resource_types") ? RESOURCE_TYPES : key, key + ": must be a list");
        }
        return result;
    }

    private static String text(JsonNode node, String key) {
        JsonNode value = node.get(key);
        return value == null || value.isNull() || value.isContainerNode() ? "" : value.asText();
    }

    private static List<String> strings(JsonNode node) {
        List<String> result = new ArrayList<>();
        if (node != null && node.isArray()) {
            node.forEach(n -> result.add(n.asText()));
        }
        return result;
    }

    /** Go's {@code %+q} of a string slice: {@code ["a" "b"]}. */
    private static String quoted(Set<String> keys) {
        StringBuilder out = new StringBuilder("[");
        for (Iterator<String> it = keys.iterator(); it.hasNext();) {
            out.append('"').append(it.next()).append('"');
            if (it.hasNext()) {
                out.append(' ');
            }
        }
        return out.append(']').toString();
    }

    /** Visits every step of a job (plan, nested steps, hooks) with the step's mapping. */
    private static void forEachStep(JsonNode job, java.util.function.Consumer<JsonNode> action) {
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

package dev.dockertag.pipelinegen.validate;

import static dev.dockertag.pipelinegen.validate.PipelineValidator.JOBS;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code jobs} section but for the steps: known fields and their types, identifiers, unique names, build log
 * retention, serial groups, a plan that is a list. Ports {@code validateJobs} of concourse/concourse
 * atc/configvalidate/validate.go (8.x); each job's plan goes to {@link StepsRule}.
 */
final class JobsRule {

    private static final Set<String> JOB_KEYS = Set.of(
            "name",
            "old_name",
            "public",
            "disable_manual_trigger",
            "serial",
            "interruptible",
            "serial_groups",
            "max_in_flight",
            "build_logs_to_retain",
            "build_log_retention",
            "on_success",
            "on_failure",
            "on_error",
            "on_abort",
            "ensure",
            "plan",
            "disable_reruns",
            "tags");

    private JobsRule() {}

    static void check(Findings f) {
        List<JsonNode> list = f.array("jobs");
        if (list.isEmpty()) {
            f.error(JOBS, "jobs: pipeline must contain at least one job");
        }
        Map<String, Integer> names = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode job = list.get(i);
            String name = Findings.text(job, "name");
            String id = name.isEmpty() ? "jobs[" + i + "]" : "jobs." + name;
            f.unknownFields(JOBS, id, job, JOB_KEYS);
            for (String key :
                    List.of("public", "disable_manual_trigger", "serial", "interruptible", "disable_reruns")) {
                f.typed(JOBS, id, job, key, false);
            }
            for (String key : List.of("max_in_flight", "build_logs_to_retain")) {
                f.typed(JOBS, id, job, key, true);
            }
            Identifiers.check(JOBS, name, List.of(id)).ifPresent(f.problems::add);
            Integer other = names.putIfAbsent(name, i);
            if (other != null && !name.isEmpty()) {
                f.error(JOBS, "jobs[" + other + "] and jobs[" + i + "] have the same name ('" + name + "')");
            }
            if (name.isEmpty()) {
                f.error(JOBS, id + " has no name");
            }
            retention(f, id, job);
            if (f.concourse < 8 && job.has("tags")) {
                f.problems.add(Problem.warning(JOBS, id + ".tags: job tags need Concourse 8.3 or later"));
            }
            for (String group : Findings.strings(job.path("serial_groups"))) {
                Identifiers.check(JOBS, group, List.of(id + ".serial_groups")).ifPresent(f.problems::add);
            }
            // Concourse reads a job without a plan as one with an empty plan; its hooks are still steps
            boolean noPlan =
                    job.path("plan").isMissingNode() || job.path("plan").isNull();
            if (!noPlan && !job.path("plan").isArray()) {
                f.error(JOBS, id + ": plan must be a list of steps");
                continue;
            }
            new StepsRule(f, List.of(id, ".plan")).validateJob(job);
        }
    }

    private static void retention(Findings f, String id, JsonNode job) {
        JsonNode retain = job.get("build_logs_to_retain");
        JsonNode retention = job.get("build_log_retention");
        if (retain != null) {
            f.problems.add(Problem.warning(
                    JOBS, id + ": build_logs_to_retain is deprecated. Use build_log_retention instead"));
        }
        if (retain != null && retention != null) {
            f.error(JOBS, id + " can't use both build_log_retention and build_logs_to_retain");
        } else if (retain != null && retain.asInt() < 0) {
            f.error(JOBS, id + " has negative build_logs_to_retain: " + retain.asInt());
        }
        if (retention != null) {
            int builds = retention.path("builds").asInt(0);
            int days = retention.path("days").asInt(0);
            int min = retention.path("minimum_succeeded_builds").asInt(0);
            if (builds < 0) {
                f.error(JOBS, id + " has negative build_log_retention.builds: " + builds);
            }
            if (days < 0) {
                f.error(JOBS, id + " has negative build_log_retention.days: " + days);
            }
            if (min < 0) {
                f.error(JOBS, id + " has negative build_log_retention.min_success_builds: " + min);
            }
            if (builds > 0 && min > builds) {
                f.error(
                        JOBS,
                        id + " has build_log_retention.min_success_builds: " + min
                                + " greater than build_log_retention.min_success_builds: " + builds);
            }
        }
    }
}

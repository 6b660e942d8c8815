package dev.dockertag.pipelinegen.validate;

import static dev.dockertag.pipelinegen.validate.PipelineValidator.JOBS;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Jobs whose {@code passed} constraints lead back to themselves can never be scheduled: Concourse refuses the pipeline
 * ({@code pipeline contains a cycle that starts at Job 'x'}).
 */
final class PassedCyclesRule {

    private PassedCyclesRule() {}

    /** A job reachable from itself through {@code passed} constraints can never be scheduled. */
    static void check(Findings f) {
        Map<String, Set<String>> upstream = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> job : f.jobs.entrySet()) {
            Set<String> passed = new LinkedHashSet<>();
            Findings.forEachStep(job.getValue(), step -> {
                if (step.has("get")) {
                    for (String glob : Findings.strings(step.path("passed"))) {
                        Globs.compile(glob)
                                .ifPresent(p -> f.jobs.keySet().stream()
                                        .filter(j -> p.matcher(j).matches())
                                        .forEach(passed::add));
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
                    f.error(JOBS, "pipeline contains a cycle that starts at Job '" + start + "'");
                    return;
                }
                if (seen.add(next)) {
                    todo.addAll(upstream.getOrDefault(next, Set.of()));
                }
            }
        }
    }
}

package dev.dockertag.pipelinegen.validate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;

/**
 * The static checks Concourse applies when a pipeline is set ({@code fly validate-pipeline}), with its messages, plus
 * warnings a generator wants and Concourse lacks (a resource's {@code type} neither declared nor a core type: a worker
 * may still bring it). The target is Concourse 8.x: a rule that only Concourse's main branch has is a warning. Sections
 * are checked in Concourse's order ({@code Validate} in concourse/concourse atc/configvalidate/validate.go), each by
 * its own rule class: groups, resources, resource types, var sources, jobs and their steps, the {@code passed} cycles,
 * display.
 */
public final class PipelineValidator {

    public static final String GROUPS = "groups";
    public static final String RESOURCES = "resources";
    public static final String RESOURCE_TYPES = "resource types";
    public static final String JOBS = "jobs";
    public static final String CONFIG = "config";

    private static final Set<String> TOP_LEVEL = Set.of(
            "groups", "var_sources", "resources", "resource_types", "prototypes", "jobs", "display", "user_data");

    private PipelineValidator() {}

    /** Every problem in a parsed pipeline, errors and warnings, in Concourse's section order (Concourse 8). */
    public static List<Problem> validate(JsonNode pipeline) {
        return validate(pipeline, 8);
    }

    /**
     * The same for {@code concourse} 8 or 7. On 7 what 8 turned on by default is a warning naming the feature flag it
     * needs there (the across step, instanced pipelines), and job {@code tags} (8.3+) too.
     */
    public static List<Problem> validate(JsonNode pipeline, int concourse) {
        if (concourse != 7 && concourse != 8) {
            throw new IllegalArgumentException("--concourse must be 8 or 7, not " + concourse);
        }
        Findings findings = new Findings(pipeline, concourse);
        run(findings);
        return List.copyOf(findings.problems);
    }

    private static void run(Findings f) {
        if (f.pipeline == null || !f.pipeline.isObject()) {
            f.problems.add(Problem.error(CONFIG, "the pipeline must be a YAML mapping"));
            return;
        }
        f.pipeline.fieldNames().forEachRemaining(k -> {
            if (!TOP_LEVEL.contains(k)) {
                f.problems.add(Problem.warning(CONFIG, "unknown top-level key '" + k + "' is ignored by Concourse"));
            }
        });
        f.collectNames();
        GroupsRule.check(f);
        ResourcesRule.checkResources(f);
        ResourcesRule.checkResourceTypes(f);
        f.problems.addAll(VarSourcesRule.check(f.pipeline.get("var_sources")));
        JobsRule.check(f);
        PassedCyclesRule.check(f);
        f.problems.addAll(DisplayRule.check(f.pipeline.get("display")));
    }
}

package dev.dockertag.pipelinegen.validate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dockertag.tool.config.Yaml;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Concourse's own validation cases, from concourse/concourse atc/configvalidate/validate_test.go, written as pipelines:
 * its base config (two groups, a dummy var source, a resource, a resource type, a job that gets, loads, runs a task,
 * puts and sets a pipeline, and an empty job), the change each case makes, and the fragments Concourse's messages must
 * contain ({@code ContainSubstring} there, the same here), or that there is no error. Where Concourse's versions differ
 * this validator follows 8.x: cases of a step's {@code timeout} checked as a duration and of "missing path to
 * executable to run" (which 8.x checks neither of) are not ported, and {@code passed} is matched as globs ("no matching
 * job(s)", where older versions said "unknown job").
 */
class ConcourseValidateCasesTest {

    private static final String BASE = """
            groups:
            - {name: some-group, jobs: [some-job], resources: [some-resource]}
            - {name: some-other-group, jobs: [some-empty-*]}
            var_sources:
            - {name: some-var-source, type: dummy, config: {vars: {foo: bar}}}
            resources:
            - {name: some-resource, type: some-type, source: {source-config: some-value}}
            resource_types:
            - {name: some-resource-type, type: some-type, source: {source-config: some-value}}
            jobs:
            - name: some-job
              public: true
              serial: true
              plan:
              - {get: some-input, resource: some-resource, params: {some-param: some-value}}
              - {load_var: some-var, file: some-input/some-file.json}
              - {task: some-task, privileged: true, file: some/config/path.yml}
              - {put: some-resource, params: {some-param: some-value}}
              - {set_pipeline: some-pipeline, file: some-file}
            - name: some-empty-job
            """;

    /** A case: what it changes, and the fragments its errors (or warnings) must contain; none: no error. */
    record Case(String name, Consumer<ObjectNode> change, List<String> errors, List<String> warnings) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                        nameAndType("resources", "resource", "some-resource"),
                        nameAndType("resource_types", "resource type", "some-resource-type"),
                        others())
                .flatMap(s -> s);
    }

    /** A name, a type, one name once: the same four cases for resources and resource types. */
    private static Stream<Arguments> nameAndType(String section, String what, String existing) {
        return Stream.of(
                errors(
                        "a " + what + " with no name",
                        p -> add(p, section, "{name: '', type: some-type}"),
                        section + "[1] has no name"),
                errors(
                        "a " + what + " with no type",
                        p -> add(p, section, "{name: bogus-x, type: ''}"),
                        section + ".bogus-x has no type"),
                errors(
                        "a " + what + " with no name or type",
                        p -> add(p, section, "{name: '', type: ''}"),
                        section + "[1] has no name",
                        section + "[1] has no type"),
                errors(
                        "two " + what + "s of one name",
                        p -> add(
                                p,
                                section,
                                "{name: " + existing + ", type: some-type, source: {source-config: some-value}}"),
                        section + "[0] and " + section + "[1] have the same name ('" + existing + "')"));
    }

    private static Stream<Arguments> others() {
        return Stream.of(
                errors("the base config is valid", p -> {}),
                warns(
                        "a group with an invalid identifier",
                        p -> add(p, "groups", "{name: _some-group, jobs: [some-job]}"),
                        "'_some-group' is not a valid identifier"),
                warns(
                        "a resource type with an invalid identifier",
                        p -> add(p, "resource_types", "{name: _some-resource-type, type: some-type, source: {a: b}}"),
                        "'_some-resource-type' is not a valid identifier"),
                warns(
                        "a var source with an invalid identifier",
                        p -> add(p, "var_sources", "{name: _some-var-source, type: dummy, config: {vars: {}}}"),
                        "'_some-var-source' is not a valid identifier"),
                errors(
                        "groups referring to a bogus resource",
                        p -> add(p, "groups", "{name: bogus, resources: [bogus-resource]}"),
                        "unknown resource 'bogus-resource'"),
                errors(
                        "groups referring to a bogus job glob",
                        p -> add(p, "groups", "{name: bogus, jobs: [bogus-*]}"),
                        "no jobs match 'bogus-*' for group 'bogus'"),
                errors(
                        "jobs in no group",
                        p -> add(p, "jobs", "{name: stand-alone-job}", "{name: other-stand-alone-job}"),
                        "job 'stand-alone-job' belongs to no group",
                        "job 'other-stand-alone-job' belongs to no group"),
                errors(
                        "two groups of one name",
                        p -> add(p, "groups", "{name: some-group}"),
                        "'some-group' appears 2 times. Duplicate names are not allowed."),
                errors(
                        "four groups of one name",
                        p -> add(p, "groups", "{name: some-group}", "{name: some-group}", "{name: some-group}"),
                        "group 'some-group' appears 4 times. Duplicate names are not allowed."),
                errors(
                        "a group with an invalid glob",
                        p -> add(p, "groups", "{name: a-group, jobs: ['some-bad-glob-[0-9']}"),
                        "invalid glob expression 'some-bad-glob-[0-9' for group 'a-group'"),
                errors(
                        "a var source of an unknown type",
                        p -> add(p, "var_sources", "{name: some, type: some, config: ''}"),
                        "unknown credential manager type: some"),
                errors(
                        "a var source whose config is invalid",
                        p -> add(p, "var_sources", "{name: some, type: dummy, config: ''}"),
                        "failed to create credential manager some: invalid dummy credential manager config"),
                errors(
                        "two var sources of one name",
                        p -> add(
                                p,
                                "var_sources",
                                "{name: some, type: dummy, config: {vars: {k2: v2}}}",
                                "{name: some, type: dummy, config: {vars: {k2: v2}}}"),
                        "duplicate var_source name: some"),
                errors(
                        "a var source whose dependency cannot be resolved",
                        p -> add(
                                p,
                                "var_sources",
                                "{name: s1, type: dummy, config: {vars: {k: v}}}",
                                "{name: s2, type: dummy, config: {vars: {k: '((s1:k))'}}}",
                                "{name: s3, type: dummy, config: {vars: {k: '((none:k))'}}}"),
                        "could not resolve inter-dependent var sources: s3"),
                errors(
                        "var sources that depend on each other in a circle",
                        p -> add(
                                p,
                                "var_sources",
                                "{name: s1, type: dummy, config: {vars: {k: '((s3:v))'}}}",
                                "{name: s2, type: dummy, config: {vars: {k: '((s1:k))'}}}",
                                "{name: s3, type: dummy, config: {vars: {k: '((s2:k))'}}}"),
                        "could not resolve inter-dependent var sources: s1, s2, s3"),
                errors("a job with no name", p -> otherJob(p, "{name: ''}"), "jobs[2] has no name"),
                errors(
                        "a job with a negative build_logs_to_retain",
                        p -> otherJob(p, "{build_logs_to_retain: -1}"),
                        "jobs.some-other-job has negative build_logs_to_retain: -1"),
                errors(
                        "a job with duplicate inputs",
                        p -> otherJob(p, "{plan: [{get: some-resource}, {get: some-resource}, {get: some-resource}]}"),
                        "jobs.some-other-job.plan.do[1].get(some-resource): repeated name",
                        "jobs.some-other-job.plan.do[2].get(some-resource): repeated name"),
                errors(
                        "a job that gets one resource under two names",
                        p -> otherJob(
                                p, "{plan: [{get: a, resource: some-resource}, {get: b, resource: some-resource}]}")),
                errors(
                        "a task with neither file nor config",
                        p -> otherJob(p, "{plan: [{task: lol}]}"),
                        "jobs.some-other-job.plan.do[0].task(lol): must specify either `file:` or `config:`"),
                errors(
                        "a task whose config is null (Go decodes it to no config)",
                        p -> otherJob(p, "{plan: [{task: lol, config: null}]}"),
                        "jobs.some-other-job.plan.do[0].task(lol): must specify either `file:` or `config:`"),
                errors(
                        "a task with both file and config",
                        p -> otherJob(p, "{plan: [{task: lol, file: task.yml, config: {params: {param1: value1}}}]}"),
                        "jobs.some-other-job.plan.do[0].task(lol): must specify one of `file:` or `config:`, not both"),
                errors(
                        "a task whose inline config has no platform",
                        p -> otherJob(p, "{plan: [{task: some-resource, config: {params: {param1: value1}}}]}"),
                        "jobs.some-other-job.plan.do[0].task(some-resource).config: missing 'platform'"),
                errors("a put of a resource that exists", p -> otherJob(p, "{plan: [{put: some-resource}]}")),
                errors(
                        "a get of a resource that does not exist",
                        p -> otherJob(p, "{plan: [{get: some-nonexistent-resource}]}"),
                        "jobs.some-other-job.plan.do[0].get(some-nonexistent-resource): unknown resource 'some-nonexistent-resource'"),
                errors(
                        "a put of a resource that does not exist",
                        p -> otherJob(p, "{plan: [{put: some-nonexistent-resource}]}"),
                        "jobs.some-other-job.plan.do[0].put(some-nonexistent-resource): unknown resource 'some-nonexistent-resource'"),
                errors(
                        "a get with a custom name of a resource that exists",
                        p -> otherJob(p, "{plan: [{get: custom-name, resource: some-resource}]}")),
                errors(
                        "a get with a custom name of a resource that does not exist",
                        p -> otherJob(p, "{plan: [{get: custom-name, resource: some-missing-resource}]}"),
                        "jobs.some-other-job.plan.do[0].get(custom-name): unknown resource 'some-missing-resource'"),
                errors(
                        "a put with a custom name of a resource that exists",
                        p -> otherJob(p, "{plan: [{put: custom-name, resource: some-resource}]}")),
                errors(
                        "a put with a custom name of a resource that does not exist",
                        p -> otherJob(p, "{plan: [{put: custom-name, resource: some-missing-resource}]}"),
                        "jobs.some-other-job.plan.do[0].put(custom-name): unknown resource 'some-missing-resource'"),
                hook("on_success"),
                missingHook("on_success"),
                hook("on_failure"),
                missingHook("on_failure"),
                hook("on_error"),
                missingHook("on_error"),
                hook("on_abort"),
                missingHook("on_abort"),
                hook("ensure"),
                missingHook("ensure"),
                errors("a get passed a job whose hook puts the resource", p -> {
                    add(
                            p,
                            "jobs",
                            "{name: job-one, plan: [{task: job-one, file: job-one-config-path,"
                                    + " on_success: {put: some-resource}}]}");
                    add(p, "jobs", "{name: job-two, plan: [{get: some-resource, passed: [job-one]}]}");
                    p.remove("groups");
                }),
                errors("a get passed a job whose try puts the resource", p -> {
                    add(p, "jobs", "{name: job-one, plan: [{try: {put: some-resource}}]}");
                    add(p, "jobs", "{name: job-two, plan: [{get: some-resource, passed: [job-one]}]}");
                    p.remove("groups");
                }),
                nested("on_abort"),
                nested("on_error"),
                nested("ensure"),
                nested("on_success"),
                nested("on_failure"),
                errors(
                        "a put with a custom name inside a try",
                        p -> otherJob(p, "{plan: [{try: {put: custom-name, resource: some-missing-resource}}]}"),
                        "jobs.some-other-job.plan.do[0].try.put(custom-name): unknown resource 'some-missing-resource'"),
                errors(
                        "a retry with no attempts",
                        p -> otherJob(p, "{plan: [{put: some-resource, attempts: 0}]}"),
                        "jobs.some-other-job.plan.do[0].attempts: must be greater than 0"),
                errors(
                        "a set_pipeline step with no file",
                        p -> otherJob(p, "{plan: [{set_pipeline: other-pipeline}]}"),
                        "jobs.some-other-job.plan.do[0].set_pipeline(other-pipeline): no file specified"),
                // 8.x's step validator matches passed as globs: "no matching job(s)" (before: "unknown job")
                errors(
                        "a get passed a bogus job",
                        p -> otherJob(p, "{plan: [{get: lol, passed: [bogus-job]}]}"),
                        "jobs.some-other-job.plan.do[0].get(lol).passed: no matching job(s) for 'bogus-job'"),
                errors(
                        "a get passed a job that gets the resource",
                        p -> otherJob(p, "{plan: [{get: some-resource, passed: [some-job]}]}")),
                errors(
                        "a get with a custom name passed a job that gets the resource",
                        p -> otherJob(p, "{plan: [{get: custom-name, resource: some-resource, passed: [some-job]}]}")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void agreesWithConcourse(Case c) {
        ObjectNode pipeline = (ObjectNode) Yaml.parse("base.yml", BASE);
        c.change().accept(pipeline);

        List<Problem> problems = PipelineValidator.validate(pipeline);
        List<String> errors = problems.stream()
                .filter(p -> p.toString().startsWith("error: "))
                .map(Problem::toString)
                .toList();
        List<String> warnings = problems.stream()
                .filter(p -> p.toString().startsWith("warning: "))
                .map(Problem::toString)
                .toList();

        if (c.errors().isEmpty()) {
            assertThat(errors).as("Concourse finds no error").isEmpty();
        }
        for (String fragment : c.errors()) {
            assertThat(errors).as("an error containing: " + fragment).anyMatch(e -> e.contains(fragment));
        }
        for (String fragment : c.warnings()) {
            assertThat(warnings).as("a warning containing: " + fragment).anyMatch(w -> w.contains(fragment));
        }
    }

    private static Arguments errors(String name, Consumer<ObjectNode> change, String... fragments) {
        return Arguments.of(new Case(name, change, List.of(fragments), List.of()));
    }

    private static Arguments warns(String name, Consumer<ObjectNode> change, String... fragments) {
        return Arguments.of(new Case(name, change, List.of(), List.of(fragments)));
    }

    /** The base config's "validating a job" setting: no groups, and some-other-job with {@code fields}. */
    private static void otherJob(ObjectNode pipeline, String fields) {
        pipeline.remove("groups");
        ObjectNode job = (ObjectNode) Yaml.parse("job.yml", fields);
        if (!job.has("name")) {
            job.put("name", "some-other-job");
        }
        ((ArrayNode) pipeline.get("jobs")).add(job);
    }

    private static Arguments hook(String hook) {
        return errors(
                "a job " + hook + " hook of a resource that exists",
                p -> otherJob(p, "{" + hook + ": {get: some-resource}}"));
    }

    private static Arguments missingHook(String hook) {
        return errors(
                "a job " + hook + " hook of a resource that does not exist",
                p -> otherJob(p, "{" + hook + ": {get: some-nonexistent-resource}}"),
                "jobs.some-other-job.plan." + hook + ".get(some-nonexistent-resource): unknown resource"
                        + " 'some-nonexistent-resource'");
    }

    private static Arguments nested(String hook) {
        return errors(
                "a put with a custom name inside an " + hook + " step hook",
                p -> otherJob(
                        p,
                        "{plan: [{get: some-resource, " + hook
                                + ": {put: custom-name, resource: some-missing-resource}}]}"),
                "jobs.some-other-job.plan.do[0]." + hook
                        + ".put(custom-name): unknown resource 'some-missing-resource'");
    }

    private static void add(ObjectNode pipeline, String section, String... items) {
        for (String item : items) {
            JsonNode node = Yaml.parse(section + ".yml", item);
            ((ArrayNode) pipeline.withArray(section)).add(node);
        }
    }
}

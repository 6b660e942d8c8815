package dev.dockertag.pipelinegen.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dockertag.pipelinegen.validate.PipelineValidator;
import dev.dockertag.pipelinegen.validate.Problem;
import dev.dockertag.tool.config.Yaml;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        header = "Checks pipeline files as Concourse does when they are set.",
        description = {
            "Checks pipeline files the way Concourse does when they are set (fly validate-pipeline),",
            "plus a warning for a resource type neither declared nor a core type. Exit 1 on any error."
        })
public class ValidateCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Pipeline YAML files.")
    List<Path> files;

    @Option(
            names = {"-s", "--strict"},
            description = "Warnings fail too.")
    boolean strict;

    @Option(
            names = "--concourse",
            paramLabel = "VERSION",
            defaultValue = "8",
            description = "The Concourse to check for: 8 (default) or 7, where what 8 turned on by default"
                    + " (across, instanced pipelines) and job tags are warnings naming what they need.")
    int concourse;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        boolean failed = false;
        for (Path file : files) {
            List<Problem> problems;
            try {
                JsonNode document = Yaml.read(file);
                if (isPipelineGenConfig(document)) {
                    out.println(file + ": this is a pipeline-gen config, not a pipeline: render it first"
                            + " (pipeline-gen render -c " + file + " -o pipeline.yml), then validate what it wrote");
                    failed = true;
                    continue;
                }
                problems = PipelineValidator.validate(document, concourse);
            } catch (Yaml.YamlException e) {
                out.println(e.getMessage());
                failed = true;
                continue;
            }
            long errors = problems.stream().filter(Problem::isError).count();
            long warnings = problems.size() - errors;
            for (Problem problem : problems) {
                out.println(file + ": " + problem);
            }
            out.println(file + ": " + (errors == 0 ? "valid" : "invalid") + " (" + errors + " error"
                    + (errors == 1 ? "" : "s") + ", " + warnings + " warning" + (warnings == 1 ? "" : "s") + ")");
            failed |= errors > 0 || (strict && warnings > 0);
        }
        out.flush();
        return failed ? 1 : 0;
    }

    /** Our own config's keys, and none of a pipeline's resources: a slip for {@code render}. */
    private static boolean isPipelineGenConfig(JsonNode document) {
        return document != null
                && document.isObject()
                && PIPELINE_GEN_KEYS.stream().anyMatch(document::has)
                && !document.has("resources")
                && !document.has("resource_types");
    }

    private static final List<String> PIPELINE_GEN_KEYS = List.of("images", "resource_type_image", "registry", "git");
}

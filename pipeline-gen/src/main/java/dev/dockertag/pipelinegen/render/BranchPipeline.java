package dev.dockertag.pipelinegen.render;

import dev.dockertag.pipelinegen.config.BuildChain;
import dev.dockertag.pipelinegen.config.ConfigLoader;
import dev.dockertag.pipelinegen.config.GenConfig;
import dev.dockertag.pipelinegen.validate.PipelineValidator;
import dev.dockertag.pipelinegen.validate.Problem;
import dev.dockertag.tool.config.Yaml;
import dev.dockertag.tool.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A config turned into a branch pipeline, checked with the validator before anyone sees it. */
public record BranchPipeline(GenConfig config, BuildChain chain, String yaml, List<String> warnings) {

    public static BranchPipeline render(Path configFile) {
        GenConfig config = ConfigLoader.load(configFile);
        BuildChain chain = BuildChain.resolve(config);
        String yaml = new PipelineRenderer(config, chain).render();
        List<String> warnings = new ArrayList<>(chain.warnings());
        warnings.addAll(checked(yaml, config.concourse()));
        return new BranchPipeline(config, chain, yaml, List.copyOf(warnings));
    }

    public static String tracker(Path configFile) {
        GenConfig config = ConfigLoader.load(configFile);
        BuildChain.resolve(config);
        String yaml = new TrackerRenderer(config).render();
        checked(yaml, config.concourse());
        return yaml;
    }

    /** Validator warnings of a generated pipeline; an error there is a bug in pipeline-gen, so it throws. */
    private static List<String> checked(String yaml, int concourse) {
        List<Problem> problems = PipelineValidator.validate(Yaml.parse("rendered pipeline", yaml), concourse);
        List<String> errors =
                problems.stream().filter(Problem::isError).map(Problem::message).toList();
        if (!errors.isEmpty()) {
            throw new IllegalStateException(
                    "pipeline-gen rendered a pipeline Concourse would refuse (a bug):\n" + String.join("\n", errors));
        }
        return problems.stream().map(p -> "rendered pipeline: " + p.message()).toList();
    }

    /** Writes a file whole or not at all: to a temporary file beside it, then renamed over it. */
    public static void writeAtomically(Path file, String text) {
        try {
            AtomicFiles.write(file, text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}

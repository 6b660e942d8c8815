package dev.dockertag.pipelinegen.cli;

import dev.dockertag.pipelinegen.config.GenConfig;
import dev.dockertag.pipelinegen.git.BranchTarget;
import dev.dockertag.pipelinegen.render.BranchPipeline;
import dev.dockertag.pipelinegen.render.PipelineRenderer;
import dev.dockertag.pipelinegen.render.WebhookUrls;
import dev.dockertag.tool.cli.Failures;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "webhooks",
        mixinStandardHelpOptions = true,
        header = "Prints the webhook URLs to register with the git host.",
        description = {
            "Prints the webhook URLs to register with the git host: for a branch pipeline instance",
            "(webhooks: true), or with --tracker the one URL of the tracker's branch list (webhooks: tracker).",
            "<webhook-token> stands for the value of the ((webhook-token)) var."
        })
public class WebhooksCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Option(names = "--url", required = true, description = "The Concourse URL, e.g. https://ci.example.com.")
    String url;

    @Option(names = "--team", defaultValue = "main", description = "The Concourse team (default: ${DEFAULT-VALUE}).")
    String team;

    @Option(
            names = {"-b", "--branch"},
            description = "The branch (default: the current git branch).")
    Optional<String> branch;

    @Option(
            names = "--instanced",
            negatable = true,
            description = "For the instanced pipeline <name> (branch as instance var); --no-instanced: for"
                    + " <name>-<slug>. Default: instanced for concourse: 8, not for 7.")
    Boolean instanced;

    @Option(names = "--tracker", description = "The URL of the tracker's branches resource (webhooks: tracker).")
    boolean tracker;

    @Option(
            names = "--tracker-pipeline",
            paramLabel = "NAME",
            description = "The tracker pipeline's name" + " (default: <name>-tracker).")
    Optional<String> trackerPipeline;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        BranchPipeline pipeline = BranchPipeline.render(config.config);
        GenConfig loaded = pipeline.config();
        GenConfig.Webhooks wanted = tracker ? GenConfig.Webhooks.TRACKER : GenConfig.Webhooks.PER_BRANCH;
        if (loaded.webhooks() != wanted) {
            throw new Failures.CommandFailure(
                    config.config + ": webhooks is "
                            + loaded.webhooks().name().toLowerCase(Locale.ROOT) + ", so "
                            + (tracker
                                    ? "the tracker's branches resource has"
                                    : "the branch pipelines' git resources have")
                            + " no webhook_token",
                    "set webhooks: " + (tracker ? "tracker" : "true") + " and set the pipelines again");
        }
        List<String> urls;
        if (tracker) {
            urls = List.of(WebhookUrls.tracker(url, team, trackerPipeline.orElse(loaded.name() + "-tracker")));
        } else {
            BranchTarget target = BranchTarget.of(config.repositoryDir(), branch);
            urls = WebhookUrls.of(
                    loaded,
                    new PipelineRenderer(loaded, pipeline.chain()).gitResourceNames(),
                    url,
                    team,
                    target.slug(),
                    target.branch(),
                    instanced != null ? instanced : loaded.instancedByDefault());
        }
        urls.forEach(spec.commandLine().getOut()::println);
        spec.commandLine().getOut().flush();
        return 0;
    }
}

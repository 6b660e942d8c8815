package dev.dockertag.pipelinegen.cli;

import dev.dockertag.tool.cli.Failures;
import dev.dockertag.pipelinegen.git.BranchTarget;
import dev.dockertag.pipelinegen.render.BranchPipeline;
import dev.dockertag.pipelinegen.render.PipelineRenderer;
import dev.dockertag.pipelinegen.render.WebhookUrls;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "webhooks", mixinStandardHelpOptions = true,
        description = {"Prints the webhook URLs to register with the git host for a branch pipeline (webhooks: true).",
                "<webhook-token> stands for the value of the ((webhook-token)) var."})
public class WebhooksCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Option(names = "--url", required = true, description = "The Concourse URL, e.g. https://ci.example.com.")
    String url;

    @Option(names = "--team", defaultValue = "main", description = "The Concourse team (default: ${DEFAULT-VALUE}).")
    String team;

    @Option(names = {"-b", "--branch"}, description = "The branch (default: the current git branch).")
    Optional<String> branch;

    @Option(names = "--instanced", description = "For the instanced pipeline <name> (branch as instance var).")
    boolean instanced;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        BranchPipeline pipeline = BranchPipeline.render(config.config);
        if (!pipeline.config().webhooks()) {
            throw new Failures.CommandFailure(config.config + ": webhooks is not true, so the git resources have no"
                    + " webhook_token", "set webhooks: true and set the pipeline again");
        }
        BranchTarget target = BranchTarget.of(config.repositoryDir(), branch);
        WebhookUrls.of(pipeline.config(), new PipelineRenderer(pipeline.config(), pipeline.chain()).gitResourceNames(),
                url, team, target.slug(), target.branch(), instanced)
                .forEach(spec.commandLine().getOut()::println);
        spec.commandLine().getOut().flush();
        return 0;
    }
}

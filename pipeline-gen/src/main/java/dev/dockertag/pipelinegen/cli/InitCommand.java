package dev.dockertag.pipelinegen.cli;

import dev.dockertag.pipelinegen.config.ConfigLoader;
import dev.dockertag.pipelinegen.git.GitRepository;
import dev.dockertag.pipelinegen.init.RepoScanner;
import dev.dockertag.pipelinegen.init.StartingConfig;
import dev.dockertag.pipelinegen.render.BranchPipeline;
import dev.dockertag.tool.cli.Failures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "init",
        mixinStandardHelpOptions = true,
        header = "Writes a starting pipeline-gen.yml from the Dockerfiles it finds.",
        description = {
            "Writes a starting pipeline-gen.yml by scanning the repository: directories with a Dockerfile,",
            "Dockerfile_<suffix> files, a contexts/NN-name/ tree (the number orders builds) and .docker/IMAGES.json.",
            "Dependencies come from FROM lines."
        })
public class InitCommand implements Callable<Integer> {

    @Option(
            names = {"-d", "--dir"},
            defaultValue = ".",
            description = "The repository to scan (default: the current directory).")
    Path dir;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description = "Where to write it (default: <dir>/pipeline-gen.yml; - for stdout).")
    String output;

    @Option(names = "--force", description = "Overwrite an existing file.")
    boolean force;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        RepoScanner scanner = new RepoScanner(dir);
        List<RepoScanner.Found> images = scanner.scan();
        String uri = "https://git.example.com/change-me/" + scanner.repoName() + ".git";
        String mainBranch = ConfigLoader.DEFAULT_MAIN_BRANCH;
        if (Files.exists(ConfigLoader.repositoryRoot(dir.toAbsolutePath()).resolve(".git"))) {
            try (GitRepository git = GitRepository.open(dir)) {
                uri = git.remoteUrl("origin").orElse(uri);
                mainBranch = git.currentBranch()
                        .filter(b -> b.equals("master") || b.equals("main"))
                        .orElse(mainBranch);
            }
        }
        String text = StartingConfig.render(scanner.repoName(), uri, mainBranch, images);
        if ("-".equals(output)) {
            spec.commandLine().getOut().print(text);
            spec.commandLine().getOut().flush();
            return 0;
        }
        Path file = output == null ? dir.resolve(ConfigLoader.DEFAULT_FILE) : Path.of(output);
        if (Files.exists(file) && !force) {
            throw new Failures.CommandFailure(
                    file + " already exists", "pass --force to overwrite it, or -o - to print");
        }
        BranchPipeline.writeAtomically(file, text);
        spec.commandLine()
                .getErr()
                .println("wrote " + file + " with " + images.size() + " image" + (images.size() == 1 ? "" : "s")
                        + "; fill in the change-me values");
        spec.commandLine().getErr().flush();
        return 0;
    }
}

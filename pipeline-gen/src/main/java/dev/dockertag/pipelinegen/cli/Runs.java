package dev.dockertag.pipelinegen.cli;

import dev.dockertag.pipelinegen.fly.Fly;
import dev.dockertag.tool.cli.Failures;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** Runs fly for {@code set} and {@code destroy}, or prints the command with {@code --dry-run}. */
final class Runs {

    private Runs() {}

    static int fly(CommandSpec spec, FlyOptions options, List<String> args) {
        if (options.dryRun) {
            List<String> command = options.flyPath().map(p -> prepend(p, args)).orElseGet(() -> prepend("fly", args));
            spec.commandLine().getOut().println(Fly.shellLine(command));
            spec.commandLine().getOut().flush();
            return 0;
        }
        Fly fly = Fly.locate(options.flyPath(), System.getenv());
        spec.commandLine().getErr().println("running " + Fly.shellLine(fly.command(args)));
        spec.commandLine().getErr().flush();
        int exit = fly.run(args);
        if (exit != 0) {
            throw new Failures.CommandFailure("fly exited with " + exit, "see fly's output above");
        }
        return 0;
    }

    private static List<String> prepend(String head, List<String> tail) {
        ArrayList<String> all = new ArrayList<>();
        all.add(head);
        all.addAll(tail);
        return all;
    }
}

package dev.dockertag.pipelinegen;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs pipeline-gen in this JVM with captured output. */
public record Cli(int exitCode, String stdout, String stderr) {

    public static Cli run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = PipelineGenMain.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Cli(exit, out.toString(), err.toString());
    }
}

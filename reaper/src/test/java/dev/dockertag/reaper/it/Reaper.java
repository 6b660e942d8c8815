package dev.dockertag.reaper.it;

import dev.dockertag.reaper.ReaperMain;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the reaper's command line in this JVM and captures what it prints. */
final class Reaper {

    record Run(int exitCode, String stdout, String stderr) {}

    private Reaper() {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = ReaperMain.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(exit, out.toString(), err.toString());
    }
}

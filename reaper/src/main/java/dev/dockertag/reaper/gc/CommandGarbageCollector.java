package dev.dockertag.reaper.gc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code gc.command}: the user's own way to run {@code registry garbage-collect} where the registry lives (ssh, kubectl
 * exec, a script). For distribution the command must stop the registry or restart it read-only, collect, and restart it
 * read-write: GC during a push corrupts images, and a running registry's blob cache is stale afterwards. Its output
 * goes to the log; a non-zero exit fails the run.
 */
final class CommandGarbageCollector implements GarbageCollector {

    private final List<String> command;

    CommandGarbageCollector(List<String> command) {
        this.command = List.copyOf(command);
    }

    @Override
    public String collect(Consumer<String> log) {
        log.accept("gc: running " + String.join(" ", command));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new GcFailure(
                    "gc.command could not be started: " + e.getMessage(),
                    "gc.command[0] must be an executable on PATH or a path to one");
        }
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            process.getOutputStream().close();
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                log.accept("gc: " + line);
            }
            int exit = process.waitFor();
            if (exit != 0) {
                throw new GcFailure(
                        "gc.command exited with " + exit + " (the deletions stand and were verified)",
                        "run the command by hand and read its output above; reaper undo still works until GC runs");
            }
            return "gc.command finished";
        } catch (IOException e) {
            throw new GcFailure("reading gc.command's output failed: " + e.getMessage(), null);
        } catch (InterruptedException e) {
            process.destroy();
            Thread.currentThread().interrupt();
            throw new GcFailure("interrupted while gc.command ran", null);
        }
    }
}

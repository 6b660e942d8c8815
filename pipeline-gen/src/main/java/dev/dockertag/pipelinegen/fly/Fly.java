package dev.dockertag.pipelinegen.fly;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** The {@code fly} executable: found on {@code PATH} (or given), run with the user's terminal. */
public final class Fly {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9@%+=:,./_-]+");

    private final Path executable;

    private Fly(Path executable) {
        this.executable = executable;
    }

    /**
     * {@code fly} from {@code explicit} (the {@code --fly} option or {@code $FLY}) or the first executable {@code fly}
     * on {@code PATH}; a {@link FlyException} with a hint when there is none.
     */
    public static Fly locate(Optional<String> explicit, Map<String, String> environment) {
        if (explicit.isPresent()) {
            Path path = Path.of(explicit.get());
            if (!Files.isExecutable(path)) {
                throw new FlyException(
                        "fly not found at " + path + " (or not executable)",
                        "pass --fly with the path of the fly executable");
            }
            return new Fly(path);
        }
        for (String dir : environment.getOrDefault("PATH", "").split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, "fly");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return new Fly(candidate);
            }
        }
        throw new FlyException(
                "fly not found on PATH",
                "download it from your Concourse (the CLI links at the bottom right of the web UI, or"
                        + " <concourse-url>/api/v1/cli?arch=amd64&platform=linux), put it on PATH, or pass --fly");
    }

    /** The command line that runs fly with {@code args}. */
    public List<String> command(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(args);
        return command;
    }

    /** Runs fly with this process's stdin, stdout and stderr (fly may ask for confirmation); its exit code. */
    public int run(List<String> args) {
        ProcessBuilder builder = new ProcessBuilder(command(args)).inheritIO();
        try {
            return builder.start().waitFor();
        } catch (IOException e) {
            throw new FlyException("cannot run " + executable + ": " + e.getMessage(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FlyException("interrupted while fly was running", null);
        }
    }

    /** The command as one line a shell would run as is (arguments quoted where needed). */
    public static String shellLine(List<String> command) {
        List<String> quoted = new ArrayList<>();
        for (String arg : command) {
            quoted.add(SAFE.matcher(arg).matches() ? arg : "'" + arg.replace("'", "'\\''") + "'");
        }
        return String.join(" ", quoted);
    }
}

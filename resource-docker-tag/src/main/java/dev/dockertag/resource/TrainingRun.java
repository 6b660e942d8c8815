package dev.dockertag.resource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The run that makes an AOT cache shared by several scripts: an {@code out} of the training tar, then an {@code in} of
 * what it pushed, then (when asked) a {@code check}, one after the other in this one JVM, so that the cache holds what
 * each of them loads. Run by {@code jvm/train-aot} with {@code -XX:AOTCacheOutput} against a
 * {@code training.TrainingRegistry} and the launcher's own class path; Concourse never runs it.
 *
 * <p>Usage: {@code java -cp jvm/launcher.jar dev.dockertag.resource.TrainingRun PORT DIR [check]}, where {@code DIR} is
 * the registry's directory (it holds {@code build/image.tar}). Exits 1, with the failing script's output on stderr,
 * when a script fails.
 */
public final class TrainingRun {

    private static final Pattern DIGEST = Pattern.compile("\"digest\":\"(sha256:[0-9a-f]{64})\"");

    private TrainingRun() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 2 || args.length > 3 || (args.length == 3 && !args[2].equals("check"))) {
            System.err.println("usage: TrainingRun PORT DIR [check]");
            System.exit(2);
        }
        String source =
                "{\"repository\":\"127.0.0.1:" + args[0] + "/training/app\",\"branch\":\"main\",\"insecure\":true}";
        Path dir = Path.of(args[1]);
        String pushed =
                run("{\"source\":" + source + ",\"params\":{\"image\":\"image.tar\"}}", "out", dir.resolve("build"));
        Matcher digest = DIGEST.matcher(pushed);
        if (!digest.find()) {
            fail("out", pushed, "");
        }
        Path get = Files.createDirectories(dir.resolve("get"));
        run(
                "{\"source\":" + source + ",\"version\":{\"tag\":\"main-latest\",\"digest\":\"" + digest.group(1)
                        + "\"}}",
                "in",
                get);
        if (args.length == 3) {
            run("{\"source\":" + source + "}", "check", null);
        }
    }

    /** One script, as the launcher runs it; its stdout, or exit 1 when it failed or printed no digest. */
    private static String run(String request, String script, Path directory) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] args = directory == null ? new String[] {script} : new String[] {script, directory.toString()};
        int exit = ResourceCommands.execute(
                new ByteArrayInputStream(request.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                args);
        String stdout = out.toString(StandardCharsets.UTF_8);
        if (exit != 0 || !DIGEST.matcher(stdout).find()) {
            fail(script, stdout, err.toString(StandardCharsets.UTF_8));
        }
        return stdout;
    }

    private static void fail(String script, String stdout, String stderr) {
        System.err.println("the training " + script + " failed: " + stdout + stderr);
        System.exit(1);
    }
}

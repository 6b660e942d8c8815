package dev.dockertag.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dockertag.testsupport.LocalRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the packaged {@code target/opt/resource/{check,in,out}} exactly as Concourse does: the request JSON on stdin,
 * the directory as {@code $1}, stdout and stderr kept apart.
 */
final class ResourceScripts {

    static final Path HOME = Path.of("target/opt/resource").toAbsolutePath();
    static final ObjectMapper JSON = new ObjectMapper();

    private final Path tmp;
    private final Map<String, String> extraEnvironment;

    /** @param tmp the scripts' {@code TMPDIR}: one per test class, like one check container */
    ResourceScripts(Path tmp) {
        this(tmp, Map.of());
    }

    private ResourceScripts(Path tmp, Map<String, String> extraEnvironment) {
        this.tmp = tmp;
        this.extraEnvironment = extraEnvironment;
    }

    /** The same scripts, run with {@code variables} added to their environment. */
    ResourceScripts withEnvironment(Map<String, String> variables) {
        return new ResourceScripts(tmp, variables);
    }

    record Run(int exitCode, String stdout, String stderr) {
        JsonNode json() {
            try {
                return JSON.readTree(stdout);
            } catch (IOException e) {
                throw new AssertionError("stdout is not JSON: " + stdout + "\nstderr: " + stderr, e);
            }
        }

        Run requireSuccess() {
            if (exitCode != 0) {
                throw new AssertionError("exit " + exitCode + "\nstdout: " + stdout + "\nstderr: " + stderr);
            }
            return this;
        }
    }

    Run run(String script, String stdin, String... args) {
        return execute(command(script, args), environment(), stdin);
    }

    private static List<String> command(String script, String... args) {
        List<String> command = new ArrayList<>();
        command.add(HOME.resolve(script).toString());
        command.addAll(List.of(args));
        return command;
    }

    /** As Concourse's container gives it: this JVM as the scripts' Java, the class's own {@code TMPDIR}. */
    private Map<String, String> environment() {
        Map<String, String> env = new HashMap<>(extraEnvironment);
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("TMPDIR", tmp.toString());
        return env;
    }

    /** A script left running; its stdout and stderr go to files. */
    record Started(Process process, Path stdout, Path stderr) {}

    /** Starts a script and leaves it running. */
    Started start(String script, Map<String, ?> request, String... args) {
        return launch(command(script, args), environment(), json(request));
    }

    /** Starts {@code command} with {@code stdin} written and closed, stdout and stderr to files. */
    private static Started launch(List<String> command, Map<String, String> env, String stdin) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(env);
            Path out = Files.createTempFile("stdout-", ".txt");
            Path err = Files.createTempFile("stderr-", ".txt");
            builder.redirectOutput(out.toFile()).redirectError(err.toFile());
            Process process = builder.start();
            try (OutputStream in = process.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            return new Started(process, out, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code command} with {@code stdin} and extra environment, stdout and stderr kept apart. */
    static Run execute(List<String> command, Map<String, String> env, String stdin) {
        Started started = launch(command, env, stdin);
        try {
            if (!started.process().waitFor(5, TimeUnit.MINUTES)) {
                started.process().destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish in 5 minutes");
            }
            Run run = new Run(
                    started.process().exitValue(),
                    Files.readString(started.stdout()),
                    Files.readString(started.stderr()));
            Files.delete(started.stdout());
            Files.delete(started.stderr());
            return run;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    Run run(String script, Map<String, ?> request, String... args) {
        return run(script, json(request), args);
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A source for a repository of the local registry (plain HTTP, its credentials if it has some). */
    static Map<String, Object> source(LocalRegistry registry, String repository, Object... keyValues) {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("repository", registry.host() + "/" + repository);
        source.put("insecure", true);
        if (registry.hasAuth()) {
            source.put("username", registry.username());
            source.put("password", registry.password());
        }
        for (int i = 0; i < keyValues.length; i += 2) {
            source.put((String) keyValues[i], keyValues[i + 1]);
        }
        return source;
    }

    static Map<String, Object> request(Object... keyValues) {
        Map<String, Object> request = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            request.put((String) keyValues[i], keyValues[i + 1]);
        }
        return request;
    }

    static Map<String, String> version(String tag, String digest) {
        return Map.of("tag", tag, "digest", digest);
    }
}

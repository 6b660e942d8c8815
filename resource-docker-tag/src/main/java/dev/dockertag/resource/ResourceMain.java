package dev.dockertag.resource;

import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Entry point of {@code check}, {@code in} and {@code out}. The script is the first argument (the JVM launchers pass
 * it), or the name the process was started as: the native image's {@code /opt/resource/check} is a symlink to the one
 * binary, and Java's {@code args} lose argv[0].
 */
@QuarkusMain
public class ResourceMain implements QuarkusApplication {

    @Override
    public int run(String... args) {
        return ResourceCommands.execute(System.in, System.out, System.err, withScriptName(args, invokedAs()));
    }

    private static final List<String> SCRIPTS = List.of("check", "in", "out");

    /** Puts the script name first when the process was started as check, in or out. */
    static String[] withScriptName(String[] args, String argv0) {
        String name = argv0 == null ? "" : argv0.substring(argv0.lastIndexOf('/') + 1);
        if (!SCRIPTS.contains(name) || (args.length > 0 && SCRIPTS.contains(args[0]))) {
            return args;
        }
        String[] withScript = new String[args.length + 1];
        withScript[0] = name;
        System.arraycopy(args, 0, withScript, 1, args.length);
        return withScript;
    }

    /** argv[0] as the kernel has it (for the JVM it is the java launcher, which changes nothing). */
    private static String invokedAs() {
        try {
            byte[] cmdline = Files.readAllBytes(Path.of("/proc/self/cmdline"));
            int end = 0;
            while (end < cmdline.length && cmdline[end] != 0) {
                end++;
            }
            return new String(cmdline, 0, end, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}

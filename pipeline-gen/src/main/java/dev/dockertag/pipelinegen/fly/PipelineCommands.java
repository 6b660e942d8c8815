package dev.dockertag.pipelinegen.fly;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The fly arguments for setting and destroying a branch's pipeline, named {@code <name>-<slug>} with {@code -v
 * branch=<branch>}, or instanced: {@code <name>} with the instance var {@code branch}.
 */
public final class PipelineCommands {

    /** Values fly's YAML parsing of instance vars would turn into something other than this string. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9._/-]*");

    private static final Pattern YAML_SPECIAL = Pattern.compile("(?i)true|false|yes|no|on|off|null|y|n|~");

    private PipelineCommands() {}

    public static List<String> set(
            String target,
            String name,
            String slug,
            String branch,
            Path file,
            boolean instanced,
            boolean nonInteractive) {
        List<String> args = new ArrayList<>(List.of("-t", target, "set-pipeline"));
        if (instanced) {
            args.addAll(List.of("-p", name, "--instance-var", "branch=" + yamlString(branch)));
        } else {
            args.addAll(List.of("-p", name + "-" + slug));
        }
        args.addAll(List.of("-c", file.toString()));
        if (!instanced) {
            args.addAll(List.of("-v", "branch=" + branch));
        }
        if (nonInteractive) {
            args.add("-n");
        }
        return args;
    }

    public static List<String> destroy(
            String target, String name, String slug, String branch, boolean instanced, boolean nonInteractive) {
        List<String> args = new ArrayList<>(List.of("-t", target, "destroy-pipeline", "-p"));
        args.add(instanced ? name + "/branch:" + quoteRef(branch) : name + "-" + slug);
        if (nonInteractive) {
            args.add("-n");
        }
        return args;
    }

    /** The branch as a YAML string: bare when YAML reads it back as that string, else double-quoted. */
    static String yamlString(String value) {
        if (PLAIN.matcher(value).matches() && !YAML_SPECIAL.matcher(value).matches()) {
            return value;
        }
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Instance var values with {@code . , / { }} or spaces are double-quoted in a pipeline reference. */
    public static String quoteRef(String value) {
        return value.matches(".*[.,/{}\\s:\"].*") ? "\"" + value.replace("\"", "\\\"") + "\"" : value;
    }
}

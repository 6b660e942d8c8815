package dev.dockertag.pipelinegen.dockerfile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code FROM} lines of a Dockerfile, which is all pipeline-gen needs to know about it: which images a build starts
 * from, and through which build argument (so the exact parent image can be passed in). Handles line continuations,
 * comments, {@code --platform}, stage names and global {@code ARG} defaults ({@code ${X}}, {@code $X},
 * {@code ${X:-default}}).
 */
public final class Dockerfile {

    /** One {@code FROM}: its line, what it says, what it says once global ARG defaults are applied. */
    public record From(
            int line, String reference, Optional<String> resolved, Optional<String> argument, boolean stage) {}

    /** {@code ${X}}, {@code ${X:-default}} or {@code $X}: group 1 or 3 is the name, group 2 the default. */
    private static final Pattern VARIABLE =
            Pattern.compile("\\$(?:\\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?}|([A-Za-z_][A-Za-z0-9_]*))");

    private final List<From> froms;

    private Dockerfile(List<From> froms) {
        this.froms = List.copyOf(froms);
    }

    public List<From> froms() {
        return froms;
    }

    public static Dockerfile parse(String text) {
        Map<String, String> globalArgs = new HashMap<>();
        Set<String> stages = new HashSet<>();
        List<From> froms = new ArrayList<>();
        boolean seenFrom = false;
        for (Instruction instruction : instructions(text)) {
            String[] words = instruction.text().trim().split("\\s+");
            String keyword = words[0].toUpperCase(Locale.ROOT);
            if (keyword.equals("ARG") && !seenFrom) {
                for (int i = 1; i < words.length; i++) {
                    String[] parts = words[i].split("=", 2);
                    globalArgs.put(parts[0], parts.length > 1 ? unquote(parts[1]) : null);
                }
            } else if (keyword.equals("FROM")) {
                seenFrom = true;
                List<String> rest = new ArrayList<>();
                for (int i = 1; i < words.length; i++) {
                    if (!words[i].startsWith("--")) {
                        rest.add(words[i]);
                    }
                }
                if (rest.isEmpty()) {
                    continue;
                }
                String reference = rest.get(0);
                boolean isStage = stages.contains(reference.toLowerCase(Locale.ROOT));
                Optional<String> argument = Optional.empty();
                Matcher whole = VARIABLE.matcher(reference);
                if (whole.matches()) {
                    argument = Optional.of(whole.group(1) != null ? whole.group(1) : whole.group(3));
                }
                froms.add(new From(instruction.line(), reference, resolve(reference, globalArgs), argument, isStage));
                if (rest.size() >= 3 && rest.get(1).equalsIgnoreCase("AS")) {
                    stages.add(rest.get(2).toLowerCase(Locale.ROOT));
                }
            }
        }
        return new Dockerfile(froms);
    }

    /** The reference with every variable replaced by its global default; empty when one has none. */
    private static Optional<String> resolve(String reference, Map<String, String> args) {
        Matcher m = VARIABLE.matcher(reference);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(3);
            String value = args.get(name);
            if (value == null) {
                value = m.group(2);
            }
            if (value == null) {
                return Optional.empty();
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return Optional.of(out.toString());
    }

    private static String unquote(String value) {
        if (value.length() >= 2
                && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }

    private record Instruction(int line, String text) {}

    /** Logical instructions: comments dropped, {@code \} continuations joined, starting line kept. */
    private static List<Instruction> instructions(String text) {
        List<Instruction> result = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        StringBuilder current = null;
        int start = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String trimmed = line.trim();
            if (trimmed.startsWith("#") || (current == null && trimmed.isEmpty())) {
                continue;
            }
            if (current == null) {
                current = new StringBuilder();
                start = i + 1;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
            } else {
                current.append(trimmed);
                result.add(new Instruction(start, current.toString()));
                current = null;
            }
        }
        if (current != null && !current.toString().isBlank()) {
            result.add(new Instruction(start, current.toString()));
        }
        return result;
    }
}

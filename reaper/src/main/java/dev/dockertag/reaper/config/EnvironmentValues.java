package dev.dockertag.reaper.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.dockertag.tool.config.EnvironmentReferences;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts environment variables into a config's string values: {@code ${NAME}} is replaced by the
 * variable's value ({@code $${} stays a literal {@code ${}}), so a Concourse task can hand the reaper
 * its secrets as {@code params} without writing them into the file. A variable that is not set is a
 * problem naming the key, never an empty string that would silently drop a credential.
 */
final class EnvironmentValues {

    private static final Pattern REFERENCE = EnvironmentReferences.REFERENCE;
    private static final Pattern WHOLE_REFERENCE = Pattern.compile("\\$\\{[A-Za-z_][A-Za-z0-9_]*}");

    private EnvironmentValues() {}

    /** Replaces references in every string of {@code node}, in place; unset variables go to {@code problems}. */
    static void substitute(
            String file, JsonNode node, String path, Map<String, String> environment, List<String> problems) {
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode child = object.get(name);
                String where = path.isEmpty() ? name : path + "." + name;
                if (child.isTextual()) {
                    object.set(name, new TextNode(expand(file, where, child.asText(), environment::get, problems)));
                } else {
                    substitute(file, child, where, environment, problems);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode child = array.get(i);
                String where = path + "[" + i + "]";
                if (child.isTextual()) {
                    array.set(i, new TextNode(expand(file, where, child.asText(), environment::get, problems)));
                } else {
                    substitute(file, child, where, environment, problems);
                }
            }
        }
    }

    /** Whether a value is exactly one {@code ${NAME}} reference (how secrets must be given). */
    static boolean isReference(String raw) {
        return WHOLE_REFERENCE.matcher(raw.strip()).matches();
    }

    private static String expand(
            String file, String where, String text, Function<String, String> lookup, List<String> problems) {
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group(1) == null) {
                replacement = "${";
            } else {
                String value = lookup.apply(m.group(1));
                if (value == null) {
                    problems.add(file + ": " + where + ": environment variable " + m.group(1) + " is not set");
                    value = "";
                }
                replacement = value;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}

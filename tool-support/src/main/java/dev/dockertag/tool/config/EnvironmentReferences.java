package dev.dockertag.tool.config;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a config names an environment variable: {@code ${NAME}}, with {@code $${} for a literal {@code ${}}. The reaper
 * fills them in; pipeline-gen checks that a reaper config reads only what its reap job sets. One syntax, here.
 */
public final class EnvironmentReferences {

    /** A reference (group 1: the name) or the escape {@code $${} (group 1 null). */
    public static final Pattern REFERENCE = Pattern.compile("\\$\\$\\{|\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private EnvironmentReferences() {}

    /** The names {@code text} refers to, in order, each once; escapes are not references. */
    public static Set<String> names(String text) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = REFERENCE.matcher(text);
        while (m.find()) {
            if (m.group(1) != null) {
                names.add(m.group(1));
            }
        }
        return names;
    }
}

package dev.dockertag.tool.config;

import dev.dockertag.failures.HintedException;
import java.util.List;

/** A config that cannot be used: every problem found, each naming the file and the key. */
public class ConfigException extends HintedException {

    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public ConfigException(String problem) {
        this(List.of(problem));
    }

    public List<String> problems() {
        return problems;
    }
}

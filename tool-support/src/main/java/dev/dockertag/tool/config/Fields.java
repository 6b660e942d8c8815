package dev.dockertag.tool.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dockertag.failures.Suggestions;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One mapping of a YAML config being read, with the key path that leads to it, so that every problem names the file and
 * the key ({@code pipeline-gen.yml: images[1].context: ...}). Problems are collected, not thrown, so that one run
 * reports all of them.
 */
public final class Fields {

    private final String file;
    private final String path;
    private final JsonNode node;
    private final List<String> problems;

    private Fields(String file, String path, JsonNode node, List<String> problems) {
        this.file = file;
        this.path = path;
        this.node = node;
        this.problems = problems;
    }

    /** The document's top level, which must be a mapping. */
    public static Fields root(String file, JsonNode document, List<String> problems) {
        Fields root = new Fields(file, "", document, problems);
        if (document == null || !document.isObject()) {
            problems.add(file + ": the file must be a YAML mapping (key: value), not "
                    + (document == null || document.isMissingNode() ? "empty" : describe(document)));
        }
        return root;
    }

    public String where(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    public String path() {
        return path;
    }

    public void problem(String key, String message) {
        problems.add(file + ": " + where(key) + ": " + message);
    }

    /** Reports every key not in {@code known}. */
    public void allowOnly(Set<String> known) {
        if (!node.isObject()) {
            return;
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                problem(
                        name,
                        "unknown key ("
                                + Suggestions.closest(name, known)
                                        .map(k -> "did you mean '" + k + "'? ")
                                        .orElse("")
                                + "known keys here: " + String.join(", ", new TreeSet<>(known)) + ")");
            }
        }
    }

    public boolean has(String key) {
        JsonNode value = node.get(key);
        return value != null && !value.isNull();
    }

    /** A list with nothing in it (a value of another shape is reported where it is read). */
    public boolean isEmptyList(String key) {
        JsonNode value = node.get(key);
        return value != null && value.isArray() && value.isEmpty();
    }

    public Optional<String> string(String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (value.isTextual() || value.isNumber() || value.isBoolean()) {
            String text = value.asText();
            if (value.isTextual() && text.isBlank()) {
                problem(key, "must not be empty");
                return Optional.empty();
            }
            return Optional.of(text);
        }
        problem(key, "must be a string, not " + describe(value));
        return Optional.empty();
    }

    public String requiredString(String key, String meaning) {
        if (!node.has(key) || node.get(key).isNull()) {
            problem(key, "is required (" + meaning + ")");
            return "";
        }
        return string(key).orElse("");
    }

    public Optional<Boolean> bool(String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isBoolean()) {
            problem(key, "must be true or false, not " + describe(value));
            return Optional.empty();
        }
        return Optional.of(value.booleanValue());
    }

    public Optional<Integer> integer(String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isIntegralNumber()) {
            problem(key, "must be a whole number, not " + describe(value));
            return Optional.empty();
        }
        return Optional.of(value.intValue());
    }

    /** A number (whole or not). */
    public Optional<Double> number(String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isNumber()) {
            problem(key, "must be a number, not " + describe(value));
            return Optional.empty();
        }
        return Optional.of(value.doubleValue());
    }

    /** A list of strings; a single string is accepted as a list of one when {@code singleAllowed}. */
    public List<String> strings(String key, boolean singleAllowed) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (singleAllowed && value.isTextual()) {
            return List.of(value.asText());
        }
        if (!value.isArray()) {
            problem(key, "must be a list of strings, not " + describe(value));
            return List.of();
        }
        List<String> result = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            if (!item.isTextual() || item.asText().isBlank()) {
                problem(key + "[" + i + "]", "must be a non-empty string, not " + describe(item));
            } else {
                result.add(item.asText());
            }
        }
        return result;
    }

    /** A mapping of names to scalar values (numbers and booleans become their text). */
    public Map<String, String> scalars(String key) {
        JsonNode value = node.get(key);
        Map<String, String> result = new LinkedHashMap<>();
        if (value == null || value.isNull()) {
            return result;
        }
        if (!value.isObject()) {
            problem(key, "must be a mapping of names to values, not " + describe(value));
            return result;
        }
        value.fields().forEachRemaining(e -> {
            JsonNode item = e.getValue();
            if (item.isValueNode() && !item.isNull()) {
                result.put(e.getKey(), item.asText());
            } else {
                problem(key + "." + e.getKey(), "must be a string, number or boolean, not " + describe(item));
            }
        });
        return result;
    }

    public Optional<Fields> object(String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isObject()) {
            problem(key, "must be a mapping (key: value), not " + describe(value));
            return Optional.empty();
        }
        return Optional.of(new Fields(file, where(key), value, problems));
    }

    /** A list of mappings, each read with its index in the path ({@code images[1]}). */
    public List<Fields> objects(String key) {
        JsonNode value = node.get(key);
        List<Fields> result = new ArrayList<>();
        if (value == null || value.isNull()) {
            return result;
        }
        if (!value.isArray()) {
            problem(key, "must be a list, not " + describe(value));
            return result;
        }
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            String itemPath = where(key) + "[" + i + "]";
            if (!item.isObject()) {
                problems.add(file + ": " + itemPath + ": must be a mapping (key: value), not " + describe(item));
            } else {
                result.add(new Fields(file, itemPath, item, problems));
            }
        }
        return result;
    }

    static String describe(JsonNode value) {
        if (value.isTextual()) {
            return "the string '" + value.asText() + "'";
        }
        if (value.isArray()) {
            return "a list";
        }
        if (value.isObject()) {
            return "a mapping";
        }
        if (value.isNull()) {
            return "null";
        }
        return value.asText();
    }
}

package dev.dockertag.tool.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reading and writing YAML, configured once. Reading is SnakeYAML's loader, as Concourse's Go YAML
 * reads: anchors, aliases and {@code <<} merge keys resolved, YAML 1.1 scalars ({@code yes} is true),
 * timestamps kept as the strings written, duplicate keys refused. Writing is deterministic (insertion
 * order), block style, quotes only where YAML needs them, multi-line strings as literal blocks, no
 * document marker and never anchors or aliases.
 */
public final class Yaml {

    private static final ObjectMapper TREES = new ObjectMapper();

    private static final ObjectMapper WRITER = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .build());

    private Yaml() {
    }

    /** Parses a file; a missing file or bad YAML is a {@link YamlException} naming the file and the line. */
    public static JsonNode read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new YamlException(file + ": no such file");
        } catch (IOException e) {
            throw new YamlException(file + ": cannot read: " + e.getMessage());
        }
        return parse(file.toString(), text);
    }

    public static JsonNode parse(String name, String text) {
        Object document;
        try {
            refuseRepeatedMergeKeys(name, loader().compose(new java.io.StringReader(text)));
            document = loader().load(text);
        } catch (MarkedYAMLException e) {
            Mark at = e.getProblemMark();
            String where = at == null ? name : name + ":" + (at.getLine() + 1) + ":" + (at.getColumn() + 1);
            Mark from = e.getContextMark();
            String context = e.getContext() == null || e.getContext().equals("while constructing a mapping") ? ""
                    : e.getContext() + (from == null ? "" : " (from line " + (from.getLine() + 1) + ", column "
                    + (from.getColumn() + 1) + ")") + ": ";
            throw new YamlException(where + ": not valid YAML: " + context + e.getProblem());
        } catch (YAMLException e) {
            throw new YamlException(name + ": not valid YAML: " + e.getMessage());
        }
        if (document == null) {
            return TREES.missingNode();
        }
        try {
            return TREES.valueToTree(document);
        } catch (IllegalArgumentException e) {
            throw new YamlException(name + ": not usable as JSON: " + e.getMessage());
        }
    }

    /**
     * Two {@code <<} keys in one mapping: SnakeYAML merges both, Go's YAML (and so Concourse) refuses
     * the document ({@code mapping key "<<" already defined}). A list of maps is the way to merge several.
     */
    private static void refuseRepeatedMergeKeys(String name, Node root) {
        java.util.Deque<Node> todo = new java.util.ArrayDeque<>();
        java.util.Set<Node> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        if (root != null) {
            todo.push(root);
        }
        while (!todo.isEmpty()) {
            Node node = todo.pop();
            if (!seen.add(node)) {
                continue;
            }
            if (node instanceof MappingNode mapping) {
                Node firstMerge = null;
                for (NodeTuple tuple : mapping.getValue()) {
                    if (tuple.getKeyNode() instanceof ScalarNode key && key.getTag().equals(Tag.MERGE)) {
                        if (firstMerge != null) {
                            throw new YamlException(name + ":" + (key.getStartMark().getLine() + 1) + ": not valid YAML:"
                                    + " mapping key \"<<\" already defined at line " + (firstMerge.getStartMark().getLine() + 1));
                        }
                        firstMerge = key;
                    }
                    todo.push(tuple.getKeyNode());
                    todo.push(tuple.getValueNode());
                }
            } else if (node instanceof SequenceNode sequence) {
                sequence.getValue().forEach(todo::push);
            }
        }
    }

    /** A loader per document: SnakeYAML's are not thread-safe. */
    private static org.yaml.snakeyaml.Yaml loader() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(10_000); // real pipelines alias a lot; billion-laughs stays bounded
        return new org.yaml.snakeyaml.Yaml(new GoLikeConstructor(options));
    }

    /** SnakeYAML's safe constructor, but a timestamp stays the text written, as JSON has no dates. */
    private static final class GoLikeConstructor extends SafeConstructor {
        GoLikeConstructor(LoaderOptions options) {
            super(options);
            this.yamlConstructors.put(Tag.TIMESTAMP, new ConstructYamlStr());
        }
    }

    /** Block-style YAML of a tree of maps, lists and scalars, ending in a newline. */
    public static String write(Object tree) {
        try {
            return WRITER.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write YAML: " + e.getMessage(), e);
        }
    }

    /** Parse failures, with file and line. */
    public static final class YamlException extends RuntimeException {
        public YamlException(String message) {
            super(message);
        }
    }
}

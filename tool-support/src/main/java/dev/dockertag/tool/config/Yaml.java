package dev.dockertag.tool.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.dockertag.failures.HintedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reading and writing YAML, configured once. Reading is SnakeYAML's loader, as Concourse's Go YAML reads: anchors,
 * aliases and {@code <<} merge keys resolved, YAML 1.1 scalars ({@code yes} is true), timestamps kept as the strings
 * written, duplicate keys refused. Writing is deterministic (insertion order), block style, quotes only where YAML
 * needs them, multi-line strings as literal blocks, no document marker and never anchors or aliases.
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

    private Yaml() {}

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
        GoLikeConstructor constructor = new GoLikeConstructor();
        try {
            document = new org.yaml.snakeyaml.Yaml(constructor).load(text);
        } catch (MarkedYAMLException e) {
            Mark at = e.getProblemMark();
            String where = at == null ? name : name + ":" + (at.getLine() + 1) + ":" + (at.getColumn() + 1);
            Mark from = e.getContextMark();
            String context = e.getContext() == null || e.getContext().equals("while constructing a mapping")
                    ? ""
                    : e.getContext()
                            + (from == null
                                    ? ""
                                    : " (from line " + (from.getLine() + 1) + ", column " + (from.getColumn() + 1)
                                            + ")")
                            + ": ";
            throw new YamlException(where + ": not valid YAML: " + context + e.getProblem());
        } catch (YAMLException e) {
            throw new YamlException(name + ": not valid YAML: " + e.getMessage());
        }
        if (!constructor.repeatedKeys.isEmpty()) {
            throw new YamlException(constructor.repeatedKeys.stream()
                    .map(repeated -> name + ":" + repeated)
                    .collect(Collectors.joining("\n")));
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
     * SnakeYAML's safe constructor, but a timestamp stays the text written (JSON has no dates), and a key written twice
     * in one mapping is refused in Go's words and at Go's place, each of them, as Concourse refuses it ({@code line 7:
     * mapping key "resources" already defined at line 2}). That includes two {@code <<} merge keys, which SnakeYAML
     * would merge both of. One per document: SnakeYAML's loaders are not thread-safe.
     */
    private static final class GoLikeConstructor extends SafeConstructor {
        /** Each repeated key, in Go's words: "7: not valid YAML: mapping key ... already defined at line 2". */
        final List<String> repeatedKeys = new ArrayList<>();

        GoLikeConstructor() {
            super(options());
            this.yamlConstructors.put(Tag.TIMESTAMP, new ConstructYamlStr());
        }

        private static LoaderOptions options() {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(10_000); // real pipelines alias a lot; billion-laughs stays bounded
            return options;
        }

        @Override
        protected void processDuplicateKeys(MappingNode node, boolean forceStringKeys) {
            Map<String, Node> seen = new HashMap<>();
            Iterator<NodeTuple> tuples = node.getValue().iterator();
            while (tuples.hasNext()) {
                if (tuples.next().getKeyNode() instanceof ScalarNode key) {
                    boolean merge = key.getTag().equals(Tag.MERGE);
                    Node first = seen.putIfAbsent(merge ? "<<" : key.getTag() + " " + key.getValue(), key);
                    if (first != null) {
                        repeatedKeys.add((key.getStartMark().getLine() + 1) + ": not valid YAML: mapping key \""
                                + (merge ? "<<" : key.getValue()) + "\" already defined at line "
                                + (first.getStartMark().getLine() + 1));
                        tuples.remove(); // the document is refused; the rest is still read for more of these
                    }
                }
            }
            super.processDuplicateKeys(node, forceStringKeys);
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
    public static final class YamlException extends HintedException {
        public YamlException(String message) {
            super(message);
        }
    }
}

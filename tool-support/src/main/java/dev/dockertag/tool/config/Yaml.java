package dev.dockertag.tool.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
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

/**
 * Reading and writing YAML, configured once. Reading rejects duplicate keys (Concourse does too).
 * Writing is deterministic (insertion order), block style, quotes only where YAML needs them, multi-line
 * strings as literal blocks, no document marker and never anchors or aliases.
 */
public final class Yaml {

    private static final ObjectMapper READER = new ObjectMapper(YAMLFactory.builder().build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

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
        try {
            JsonNode node = READER.readTree(text);
            return node == null ? READER.missingNode() : node;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? name : name + ":" + at.getLineNr() + ":" + at.getColumnNr();
            throw new YamlException(where + ": not valid YAML: " + e.getOriginalMessage());
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

package dev.dockertag.resource.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.dockertag.resource.support.ResourceException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads requests strictly and writes responses. Every decoding error names the offending key the way
 * the user wrote it in the pipeline ({@code source.ca_certs[1]}), so the message points at the fix.
 */
public final class Payloads {

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .withCoercionConfig(LogicalType.Textual, text -> {
                // Concourse versions are strings; a number where a string belongs is a mistake to name
                text.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
                text.setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
                text.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
            })
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private Payloads() {
    }

    public static <T> T read(byte[] json, Class<T> type) {
        if (json.length == 0 || new String(json, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            throw new ResourceException("invalid payload: stdin is empty; expected a JSON request"
                    + " such as {\"source\": {...}}");
        }
        try {
            T value = STRICT.readValue(json, type);
            if (value == null) {
                throw new ResourceException("invalid payload: the request is null; expected a JSON object");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            String key = path(e, e.getPropertyName());
            Collection<Object> known = e.getKnownPropertyIds();
            throw new ResourceException("invalid payload: unknown key '" + key + "'"
                    + (known == null || known.isEmpty() ? "" : " (known keys here: "
                    + known.stream().map(String::valueOf).sorted().collect(Collectors.joining(", ")) + ")"));
        } catch (MismatchedInputException e) {
            String key = path(e, null);
            throw new ResourceException("invalid payload: " + (key.isEmpty() ? "the request" : "'" + key + "'")
                    + " must be " + expected(e.getTargetType()));
        } catch (JsonParseException e) {
            JsonLocation at = e.getLocation();
            throw new ResourceException("invalid payload: malformed JSON at line " + at.getLineNr() + ", column "
                    + at.getColumnNr() + ": " + brief(e.getOriginalMessage()));
        } catch (JsonMappingException e) {
            throw new ResourceException("invalid payload: '" + path(e, null) + "': " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ResourceException("invalid payload: " + e.getMessage());
        }
    }

    public static byte[] write(Object response) {
        try {
            return STRICT.writeValueAsBytes(response);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Jackson's message without its pointer into the (redacted) source. */
    private static String brief(String message) {
        String m = message == null ? "" : message;
        int cut = m.indexOf(" (start marker");
        if (cut < 0) {
            cut = m.indexOf("\n");
        }
        return (cut < 0 ? m : m.substring(0, cut)).strip();
    }

    private static String path(JsonMappingException e, String leaf) {
        StringBuilder path = new StringBuilder();
        List<JsonMappingException.Reference> refs = e.getPath();
        for (JsonMappingException.Reference ref : refs) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        if (leaf != null && (refs.isEmpty() || !leaf.equals(refs.get(refs.size() - 1).getFieldName()))) {
            path.append(path.isEmpty() ? "" : ".").append(leaf);
        }
        return path.toString();
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "a boolean (true or false)";
        }
        if (type == String.class) {
            return "a string";
        }
        if (List.class.isAssignableFrom(type) || Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        return "a " + type.getSimpleName();
    }
}

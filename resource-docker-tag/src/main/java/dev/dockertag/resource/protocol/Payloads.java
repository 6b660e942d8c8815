package dev.dockertag.resource.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.dockertag.failures.HintedException;
import dev.dockertag.failures.Suggestions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads requests strictly and writes responses. Every decoding error names the offending key the way the user wrote it
 * in the pipeline ({@code source.ca_certs[1]}), so the message points at the fix.
 *
 * <p>The payloads are records of strings, booleans, lists and other such records; a component's key is its name in
 * snake case ({@code fallbackBranch} is {@code fallback_branch}). They are bound here over jackson-core's streaming
 * parser and generator rather than by databind's {@code ObjectMapper}: building a mapper and its deserializers for
 * these few records, and reading annotations (each annotation type is a proxy class spun at run time), cost every check
 * about 100 ms of start-up (issue 15), and a check runs every minute for every resource of every branch. A key the
 * record does not have, a value of the wrong JSON type (no coercion: {@code "true"} is not a boolean, {@code 1} not a
 * string) and anything after the request are errors; a missing key or {@code null} leaves the component null.
 */
public final class Payloads {

    private static final JsonFactory JSON = new JsonFactory();
    private static final Map<Class<?>, Shape> SHAPES = new ConcurrentHashMap<>();

    private Payloads() {}

    public static <T> T read(byte[] json, Class<T> type) {
        if (json.length == 0 || new String(json, StandardCharsets.UTF_8).isBlank()) {
            throw new HintedException(
                    "invalid payload: stdin is empty; expected a JSON request" + " such as {\"source\": {...}}");
        }
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() == JsonToken.VALUE_NULL) {
                throw new HintedException("invalid payload: the request is null; expected a JSON object");
            }
            T value = type.cast(value(parser, type, ""));
            JsonToken trailing = parser.nextToken();
            if (trailing != null) {
                JsonLocation at = parser.currentTokenLocation();
                throw new HintedException("invalid payload: unexpected " + trailing.asString() + " at line "
                        + at.getLineNr() + ", column " + at.getColumnNr() + ", after the end of the request");
            }
            return value;
        } catch (JsonParseException e) {
            JsonLocation at = e.getLocation();
            throw new HintedException("invalid payload: malformed JSON at line " + at.getLineNr() + ", column "
                    + at.getColumnNr() + ": " + brief(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new HintedException("invalid payload: " + e.getMessage());
        }
    }

    public static byte[] write(Object response) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator generator = JSON.createGenerator(out)) {
            write(generator, response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The value at the parser's current token, as {@code type}; {@code path} names it in errors. */
    private static Object value(JsonParser parser, Type type, String path) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        Class<?> raw = raw(type);
        if (raw == String.class) {
            require(token == JsonToken.VALUE_STRING, path, "a string");
            return parser.getText();
        }
        if (raw == Boolean.class) {
            require(token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE, path, "a boolean (true or false)");
            return token == JsonToken.VALUE_TRUE;
        }
        if (raw == List.class) {
            require(token == JsonToken.START_ARRAY, path, "a list");
            Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
            List<Object> list = new ArrayList<>();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                list.add(value(parser, element, path + "[" + list.size() + "]"));
            }
            return Collections.unmodifiableList(list); // nulls kept as given: List.copyOf refuses them
        }
        if (raw.isRecord()) {
            require(token == JsonToken.START_OBJECT, path, "an object");
            return record(parser, shape(raw), path);
        }
        throw new IllegalStateException("no JSON binding for " + type + " at " + path);
    }

    private static Object record(JsonParser parser, Shape shape, String path) throws IOException {
        Object[] values = new Object[shape.components.length];
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            String keyPath = path.isEmpty() ? key : path + "." + key;
            Integer index = shape.indexByKey.get(key);
            if (index == null) {
                throw new HintedException("invalid payload: unknown key '" + keyPath + "' ("
                        + Suggestions.closest(key, shape.indexByKey.keySet())
                                .map(k -> "did you mean '" + k + "'? ")
                                .orElse("")
                        + "known keys here: " + String.join(", ", new TreeSet<>(shape.indexByKey.keySet())) + ")");
            }
            parser.nextToken();
            values[index] = value(parser, shape.components[index].getGenericType(), keyPath);
        }
        try {
            return shape.constructor.newInstance(values);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void require(boolean holds, String path, String expected) {
        if (!holds) {
            throw new HintedException(
                    "invalid payload: " + (path.isEmpty() ? "the request" : "'" + path + "'") + " must be " + expected);
        }
    }

    private static void write(JsonGenerator generator, Object value) throws IOException {
        switch (value) {
            case null -> generator.writeNull();
            case String s -> generator.writeString(s);
            case Boolean b -> generator.writeBoolean(b);
            case List<?> list -> {
                generator.writeStartArray();
                for (Object element : list) {
                    write(generator, element);
                }
                generator.writeEndArray();
            }
            case Record record -> {
                Shape shape = shape(record.getClass());
                generator.writeStartObject();
                for (int i = 0; i < shape.components.length; i++) {
                    Object component = shape.get(record, i);
                    if (component != null) {
                        generator.writeFieldName(shape.keys[i]);
                        write(generator, component);
                    }
                }
                generator.writeEndObject();
            }
            default -> throw new IllegalStateException("no JSON binding for " + value.getClass());
        }
    }

    private static Class<?> raw(Type type) {
        return type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
    }

    private static Shape shape(Class<?> type) {
        return SHAPES.computeIfAbsent(type, Shape::of);
    }

    /** A record's components, their JSON keys and its canonical constructor. */
    private record Shape(
            RecordComponent[] components, String[] keys, Map<String, Integer> indexByKey, Constructor<?> constructor) {

        static Shape of(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            String[] keys = new String[components.length];
            Map<String, Integer> indexByKey = new LinkedHashMap<>();
            Class<?>[] parameterTypes = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                keys[i] = key(components[i].getName());
                indexByKey.put(keys[i], i);
                parameterTypes[i] = components[i].getType();
            }
            try {
                return new Shape(components, keys, indexByKey, type.getDeclaredConstructor(parameterTypes));
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException(e);
            }
        }

        /** {@code fallbackBranch} is written {@code fallback_branch}. */
        static String key(String component) {
            StringBuilder key = new StringBuilder(component.length() + 4);
            for (char c : component.toCharArray()) {
                if (Character.isUpperCase(c)) {
                    key.append('_').append(Character.toLowerCase(c));
                } else {
                    key.append(c);
                }
            }
            return key.toString();
        }

        Object get(Record record, int index) {
            try {
                return components[index].getAccessor().invoke(record);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
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
}

package dev.dockertag.registry.image;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one Jackson mapper for registry wire formats. Lenient on read (registries and tools add fields), absent values
 * left out on write. Fetched documents are never re-serialised for pushing: their bytes are pushed as they are, so
 * digests stay valid.
 */
public final class Json {

    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private Json() {}

    public static <T> T read(byte[] bytes, Class<T> type, String what) {
        T value;
        try {
            value = MAPPER.readValue(bytes, type);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "malformed " + what + ": "
                            + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()),
                    e);
        }
        if (value == null) {
            throw new IllegalArgumentException("malformed " + what + ": it is JSON null, not an object");
        }
        return value;
    }

    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

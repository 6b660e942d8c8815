package dev.dockertag.registry.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dockertag.registry.image.Json;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Turns an error response into the reason part of a message. Registries send
 * {@code {"errors":[{"code":"MANIFEST_UNKNOWN","message":"...","detail":...}]}}, but the spec lets a 4xx carry any
 * body, so anything else is quoted (shortened) as it is.
 */
public final class ErrorBodies {

    private static final Map<Integer, String> REASONS = Map.ofEntries(
            Map.entry(400, "bad request"),
            Map.entry(401, "unauthorized"),
            Map.entry(403, "forbidden"),
            Map.entry(404, "not found"),
            Map.entry(405, "method not allowed"),
            Map.entry(409, "conflict"),
            Map.entry(412, "precondition failed"),
            Map.entry(413, "payload too large"),
            Map.entry(416, "range not satisfiable"),
            Map.entry(429, "too many requests"),
            Map.entry(500, "internal server error"),
            Map.entry(501, "not implemented"),
            Map.entry(502, "bad gateway"),
            Map.entry(503, "service unavailable"),
            Map.entry(504, "gateway timeout"));

    private ErrorBodies() {}

    /** A parsed error: the first registry error code (or null) and a one-line reason. */
    public record ParsedError(String code, String reason) {}

    public static ParsedError parse(int status, byte[] body) {
        String statusText = status + " " + REASONS.getOrDefault(status, "http error");
        String text = body == null ? "" : new String(body, StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            return new ParsedError(null, statusText);
        }
        try {
            JsonNode root = Json.MAPPER.readTree(text);
            JsonNode errors = root == null ? null : root.path("errors");
            if (errors != null && errors.isArray() && !errors.isEmpty()) {
                JsonNode first = errors.get(0);
                String code = first.path("code").asText(null);
                String message = first.path("message").asText("");
                StringBuilder reason = new StringBuilder(statusText);
                if (code != null) {
                    reason.append(": ").append(code);
                }
                if (!message.isEmpty()) {
                    reason.append(": ").append(message);
                }
                if (errors.size() > 1) {
                    reason.append(" (and ").append(errors.size() - 1).append(" more)");
                }
                return new ParsedError(code, reason.toString());
            }
        } catch (Exception notJson) {
            // any body format is allowed on 4xx; quote it below
        }
        String oneLine = text.replaceAll("\\s+", " ");
        if (oneLine.length() > 200) {
            oneLine = oneLine.substring(0, 200) + "...";
        }
        return new ParsedError(null, statusText + ": " + oneLine);
    }
}

package dev.dockertag.testsupport;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A hostile registry of our own: it challenges for Basic credentials, and when they come it refuses them with an answer
 * that gives them back in every shape a careless server might, decoded and raw, JSON-escaped (as a registry error's
 * message and detail), URL-encoded, and the {@code Authorization} header itself. What a client prints about that answer
 * must show none of it.
 */
public final class EchoingRegistry implements AutoCloseable {

    private final List<String> received = new CopyOnWriteArrayList<>();
    private StubRegistry server;

    private EchoingRegistry() {}

    public static EchoingRegistry start() {
        EchoingRegistry registry = new EchoingRegistry();
        registry.server = StubRegistry.answering(registry::answer);
        return registry;
    }

    public String host() {
        return server.host();
    }

    /** The decoded credentials of every request that carried some. */
    public List<String> received() {
        return List.copyOf(received);
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization == null || !authorization.startsWith("Basic ")) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"echo\"");
                send(
                        exchange,
                        401,
                        "application/json",
                        "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"who?\"}]}");
                return;
            }
            String credentials = new String(
                    Base64.getDecoder()
                            .decode(authorization.substring("Basic ".length()).strip()),
                    StandardCharsets.UTF_8);
            received.add(credentials);
            String json = "\"" + jsonEscaped(credentials) + "\"";
            String body = "{\"errors\":[{\"code\":\"DENIED\",\"message\":\"refused " + jsonEscaped(credentials)
                    + " (" + URLEncoder.encode(credentials, StandardCharsets.UTF_8) + ", " + authorization + ")\","
                    + "\"detail\":{\"credentials\":" + json + ",\"raw\":" + json + "}}]}";
            send(exchange, 403, "application/json", body);
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static String jsonEscaped(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    @Override
    public void close() {
        server.close();
    }
}

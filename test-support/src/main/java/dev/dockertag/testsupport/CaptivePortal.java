package dev.dockertag.testsupport;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * What a client meets behind a hotel's network or an intercepting proxy instead of its registry: every request, HEAD
 * and GET alike, answered 200 with an HTML login page (no {@code Docker-Content-Digest}).
 */
public final class CaptivePortal implements AutoCloseable {

    static final String PAGE =
            "<!doctype html><html><body><form action=\"/login\">Sign in to continue</form></body></html>";

    private final HttpServer server;

    private CaptivePortal(HttpServer server) {
        this.server = server;
    }

    public static CaptivePortal start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                try (exchange) {
                    byte[] page = PAGE.getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
                    boolean head = exchange.getRequestMethod().equals("HEAD");
                    exchange.sendResponseHeaders(200, head ? -1 : page.length);
                    if (!head) {
                        exchange.getResponseBody().write(page);
                    }
                }
            });
            server.start();
            return new CaptivePortal(server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

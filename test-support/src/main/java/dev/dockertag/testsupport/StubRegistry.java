package dev.dockertag.testsupport;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A plain-HTTP "registry" on 127.0.0.1 that answers every request with {@code handler}: a stand-in for the faults a
 * real registry cannot be made to show (a redirect to itself forever, a captive portal, an echo of the credentials).
 */
public final class StubRegistry implements AutoCloseable {

    private final HttpServer server;

    private StubRegistry(HttpServer server) {
        this.server = server;
    }

    public static StubRegistry answering(HttpHandler handler) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", handler);
            server.start();
            return new StubRegistry(server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every request redirected (307) to itself. */
    public static StubRegistry redirectingForever() {
        return answering(exchange -> {
            try (exchange) {
                exchange.getResponseHeaders()
                        .add("Location", exchange.getRequestURI().toString());
                exchange.sendResponseHeaders(307, -1);
            }
        });
    }

    /**
     * What a client meets behind a hotel's network or an intercepting proxy instead of its registry: every request,
     * HEAD and GET alike, answered 200 with an HTML login page (no {@code Docker-Content-Digest}).
     */
    public static StubRegistry captivePortal() {
        byte[] page = "<!doctype html><html><body><form action=\"/login\">Sign in to continue</form></body></html>"
                .getBytes(StandardCharsets.UTF_8);
        return answering(exchange -> {
            try (exchange) {
                exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
                boolean head = exchange.getRequestMethod().equals("HEAD");
                exchange.sendResponseHeaders(200, head ? -1 : page.length);
                if (!head) {
                    exchange.getResponseBody().write(page);
                }
            }
        });
    }

    public String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

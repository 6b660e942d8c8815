package dev.dockertag.testsupport;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * A plain-HTTP "registry" on 127.0.0.1 that answers every request with {@code handler}: for the one-answer faults a
 * real registry cannot be made to show (a redirect to itself, forever).
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

    public String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

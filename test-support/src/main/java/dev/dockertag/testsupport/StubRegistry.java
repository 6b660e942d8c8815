package dev.dockertag.testsupport;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A plain-HTTP "registry" on 127.0.0.1 that answers every request with {@code handler}: a stand-in for the faults a
 * real registry cannot be made to show (a redirect to itself forever, a captive portal, an echo of the credentials).
 */
public final class StubRegistry implements AutoCloseable {

    private static final String MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json";

    /** The config and manifest of the one small image {@link #redirectingBlobsTo} serves (no layers). */
    private static final byte[] CONFIG =
            "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
                    .getBytes(StandardCharsets.UTF_8);

    private static final byte[] SMALL_MANIFEST = ("{\"schemaVersion\":2,\"mediaType\":\"" + MANIFEST_TYPE
                    + "\",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
                    + sha256(CONFIG) + "\",\"size\":" + CONFIG.length + "},\"layers\":[]}")
            .getBytes(StandardCharsets.UTF_8);

    private final HttpServer server;
    private final List<String> requests;

    private StubRegistry(HttpServer server, List<String> requests) {
        this.server = server;
        this.requests = requests;
    }

    public static StubRegistry answering(HttpHandler handler) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            List<String> requests = new CopyOnWriteArrayList<>();
            server.createContext("/", exchange -> {
                requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
                handler.handle(exchange);
            });
            server.start();
            return new StubRegistry(server, requests);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A registry whose manifests are too large to be manifests: HEAD answers with an OCI manifest's type, a digest and
     * no length; GET streams {@code bytes} bytes of one JSON object (with no {@code Content-Length}, so that only the
     * bytes read can tell), as a misconfigured or hostile registry might, to see whether the client holds it all.
     */
    public static StubRegistry oversizedManifests(int bytes) {
        String digest = "sha256:" + "5".repeat(64);
        return answering(exchange -> {
            try (exchange) {
                if (!exchange.getRequestURI().getPath().contains("/manifests/")) {
                    exchange.sendResponseHeaders(
                            exchange.getRequestURI().getPath().equals("/v2/") ? 200 : 404, -1);
                    return;
                }
                exchange.getResponseHeaders().add("Content-Type", MANIFEST_TYPE);
                exchange.getResponseHeaders().add("Docker-Content-Digest", digest);
                if (exchange.getRequestMethod().equals("HEAD")) {
                    exchange.sendResponseHeaders(200, -1);
                    return;
                }
                exchange.sendResponseHeaders(200, 0); // chunked: no length announced
                OutputStream body = exchange.getResponseBody();
                byte[] start = ("{\"schemaVersion\":2,\"mediaType\":\"" + MANIFEST_TYPE
                                + "\",\"annotations\":{\"x\":\"")
                        .getBytes(StandardCharsets.UTF_8);
                body.write(start);
                byte[] chunk = "a".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
                for (long left = bytes - start.length - 3; left > 0; left -= chunk.length) {
                    body.write(chunk, 0, (int) Math.min(chunk.length, left));
                }
                body.write("\"}}".getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                // the client hung up once it had read enough: that is what the test looks for
            }
        });
    }

    /**
     * A registry that serves one small image ({@code team/app:main-latest}, its manifest whole) and redirects every
     * blob (307) to {@code storage}, a {@code host:port} whose answers are its own: as registries send blobs to S3 or a
     * CDN.
     */
    public static StubRegistry redirectingBlobsTo(String storage) {
        byte[] manifest = SMALL_MANIFEST;
        String digest = sha256(manifest);
        return answering(exchange -> {
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                if (path.equals("/v2/")) {
                    exchange.sendResponseHeaders(200, -1);
                } else if (path.equals("/v2/team/app/manifests/main-latest")
                        || path.equals("/v2/team/app/manifests/" + digest)) {
                    exchange.getResponseHeaders().add("Content-Type", MANIFEST_TYPE);
                    exchange.getResponseHeaders().add("Docker-Content-Digest", digest);
                    boolean head = exchange.getRequestMethod().equals("HEAD");
                    exchange.sendResponseHeaders(200, head ? -1 : manifest.length);
                    if (!head) {
                        exchange.getResponseBody().write(manifest);
                    }
                } else if (path.startsWith("/v2/team/app/blobs/")) {
                    exchange.getResponseHeaders().add("Location", "http://" + storage + "/bucket" + path);
                    exchange.sendResponseHeaders(307, -1);
                } else {
                    exchange.sendResponseHeaders(404, -1);
                }
            }
        });
    }

    /** Every request answered {@code status} with {@code body} as {@code text/xml}: storage that wants its own auth. */
    public static StubRegistry refusing(int status, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return answering(exchange -> {
            try (exchange) {
                exchange.getResponseHeaders().add("Content-Type", "application/xml");
                exchange.sendResponseHeaders(status, bytes.length);
                exchange.getResponseBody().write(bytes);
            }
        });
    }

    /** The digest the image {@link #redirectingBlobsTo} serves has as {@code team/app:main-latest}. */
    public String digest() {
        return sha256(SMALL_MANIFEST);
    }

    /** The digest of the config blob of the image {@link #redirectingBlobsTo} serves. */
    public String configDigest() {
        return sha256(CONFIG);
    }

    /** Every request it was sent, as {@code "METHOD /path?query"}, in order. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    private static String sha256(byte[] bytes) {
        return "sha256:" + ImageFixtures.sha256(bytes);
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

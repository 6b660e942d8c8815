package dev.dockertag.resource.training;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.dockertag.registry.archive.DockerArchiveWriter;
import dev.dockertag.registry.image.Descriptor;
import dev.dockertag.registry.image.Digest;
import dev.dockertag.registry.image.MediaTypes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * What {@code jvm/train-aot} runs the scripts against to make their AOT caches at build time: a registry in memory, as
 * much of the distribution API as {@code out}, {@code in} and {@code check} use (uploads by POST, PATCH and PUT;
 * manifests and blobs by HEAD and GET), on the JDK's own HTTP server, and a small {@code docker save} tar to push. It
 * is never run by Concourse; it runs in a JVM of its own, so none of it enters a script's cache.
 *
 * <p>Usage: {@code java -cp jvm/launcher.jar dev.dockertag.resource.training.TrainingRegistry DIR} writes
 * {@code DIR/build/image.tar}, listens on a free port of 127.0.0.1 and prints {@code listening on 127.0.0.1:PORT} until
 * it is killed.
 */
public final class TrainingRegistry {

    private static final Pattern PATH = Pattern.compile("^/v2/(.+)/(manifests|blobs)/(uploads/?)?([^/]*)$");

    private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
    private final Map<String, Manifest> manifests = new ConcurrentHashMap<>();
    private final Map<String, ByteArrayOutputStream> uploads = new ConcurrentHashMap<>();

    private record Manifest(byte[] bytes, String mediaType, String digest) {}

    private TrainingRegistry() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: TrainingRegistry DIR");
            System.exit(2);
        }
        Path build = Files.createDirectories(Path.of(args[0]).resolve("build"));
        writeDockerSave(build.resolve("image.tar"));
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        TrainingRegistry registry = new TrainingRegistry();
        server.createContext("/", exchange -> {
            try (exchange) {
                registry.handle(exchange);
            }
        });
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.start();
        System.out.println("listening on 127.0.0.1:" + server.getAddress().getPort());
        System.out.flush();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        URI uri = exchange.getRequestURI();
        byte[] body = exchange.getRequestBody().readAllBytes();
        if (uri.getPath().equals("/v2/") || uri.getPath().equals("/v2")) {
            respond(exchange, 200, new byte[0], Map.of());
            return;
        }
        Matcher m = PATH.matcher(uri.getPath());
        if (!m.matches()) {
            respond(exchange, 404, new byte[0], Map.of());
            return;
        }
        String name = m.group(1);
        boolean upload = m.group(3) != null;
        String reference = m.group(4);
        if (m.group(2).equals("manifests")) {
            manifest(exchange, method, name, reference, body);
        } else if (upload) {
            upload(exchange, method, name, reference, uri.getRawQuery(), body);
        } else {
            byte[] blob = blobs.get(reference);
            if (blob == null) {
                respond(exchange, 404, new byte[0], Map.of());
            } else {
                respond(
                        exchange,
                        200,
                        blob,
                        Map.of("Docker-Content-Digest", reference, "Content-Type", "application/octet-stream"));
            }
        }
    }

    private void manifest(HttpExchange exchange, String method, String name, String reference, byte[] body)
            throws IOException {
        if (method.equals("PUT")) {
            String digest = Digest.sha256(body).toString();
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            Manifest manifest = new Manifest(body, type, digest);
            manifests.put(name + ":" + reference, manifest);
            manifests.put(name + ":" + digest, manifest);
            respond(
                    exchange,
                    201,
                    new byte[0],
                    Map.of("Docker-Content-Digest", digest, "Location", "/v2/" + name + "/manifests/" + digest));
            return;
        }
        Manifest manifest = manifests.get(name + ":" + reference);
        if (manifest == null) {
            respond(
                    exchange,
                    404,
                    "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\"}]}"
                            .getBytes(StandardCharsets.UTF_8),
                    Map.of("Content-Type", "application/json"));
        } else {
            respond(
                    exchange,
                    200,
                    manifest.bytes(),
                    Map.of("Docker-Content-Digest", manifest.digest(), "Content-Type", manifest.mediaType()));
        }
    }

    private void upload(HttpExchange exchange, String method, String name, String session, String query, byte[] body)
            throws IOException {
        if (method.equals("POST")) {
            String id = UUID.randomUUID().toString();
            uploads.put(id, new ByteArrayOutputStream());
            respond(
                    exchange,
                    202,
                    new byte[0],
                    Map.of("Location", "/v2/" + name + "/blobs/uploads/" + id, "Range", "0-0"));
            return;
        }
        ByteArrayOutputStream received = uploads.get(session);
        if (received == null) {
            respond(exchange, 404, new byte[0], Map.of());
            return;
        }
        received.write(body);
        if (method.equals("PATCH")) {
            respond(
                    exchange,
                    202,
                    new byte[0],
                    Map.of(
                            "Location",
                            "/v2/" + name + "/blobs/uploads/" + session,
                            "Range",
                            "0-" + Math.max(0, received.size() - 1)));
            return;
        }
        String digest = query == null
                ? ""
                : query.replaceFirst("^.*digest=([^&]*).*$", "$1").replace("%3A", ":");
        byte[] blob = received.toByteArray();
        if (!Digest.sha256(blob).toString().equals(digest)) {
            respond(
                    exchange,
                    400,
                    "{\"errors\":[{\"code\":\"DIGEST_INVALID\",\"message\":\"digest invalid\"}]}"
                            .getBytes(StandardCharsets.UTF_8),
                    Map.of("Content-Type", "application/json"));
            return;
        }
        uploads.remove(session);
        blobs.put(digest, blob);
        respond(
                exchange,
                201,
                new byte[0],
                Map.of("Docker-Content-Digest", digest, "Location", "/v2/" + name + "/blobs/" + digest));
    }

    private static void respond(HttpExchange exchange, int status, byte[] body, Map<String, String> headers)
            throws IOException {
        headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        boolean head = exchange.getRequestMethod().equals("HEAD");
        if (head && body.length > 0) {
            exchange.getResponseHeaders().set("Content-Length", String.valueOf(body.length));
        }
        exchange.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /**
     * A {@code docker save} tar of one image with two uncompressed layers, written by the project's own
     * {@link DockerArchiveWriter}: text that compresses and random bytes that do not, so that a put takes both of the
     * gzip stream's paths, and enough of them (17 MB) that the profiles the caches keep are those of a transfer, not of
     * a start.
     */
    static void writeDockerSave(Path tar) throws IOException {
        Path dir = tar.getParent();
        byte[] noise = new byte[16 * 1024 * 1024];
        new Random(25).nextBytes(noise);
        DockerArchiveWriter.BlobFile layer1 = blob(
                dir.resolve("layer1.tar"),
                MediaTypes.OCI_LAYER,
                tarOf(
                        "etc/training.txt",
                        "usr/share/doc/training/README\n".repeat(40_000).getBytes(StandardCharsets.UTF_8)));
        DockerArchiveWriter.BlobFile layer2 =
                blob(dir.resolve("layer2.tar"), MediaTypes.OCI_LAYER, tarOf("opt/training.bin", noise));
        String config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Labels\":{\"training\":\"yes\"}},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                + layer1.descriptor().digest() + "\",\""
                + layer2.descriptor().digest() + "\"]}}";
        DockerArchiveWriter.BlobFile configFile =
                blob(dir.resolve("config.json"), MediaTypes.OCI_CONFIG, config.getBytes(StandardCharsets.UTF_8));
        DockerArchiveWriter.write(tar, "training:latest", configFile, List.of(layer1, layer2));
        for (DockerArchiveWriter.BlobFile written : List.of(layer1, layer2, configFile)) {
            Files.delete(written.file());
        }
    }

    private static DockerArchiveWriter.BlobFile blob(Path file, String mediaType, byte[] content) throws IOException {
        Files.write(file, content);
        return new DockerArchiveWriter.BlobFile(Descriptor.of(mediaType, Digest.sha256(content), content.length), file);
    }

    /** A tar of one file. */
    private static byte[] tarOf(String name, byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
            TarArchiveEntry entry = new TarArchiveEntry(name);
            entry.setSize(content.length);
            out.putArchiveEntry(entry);
            out.write(content);
            out.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }
}

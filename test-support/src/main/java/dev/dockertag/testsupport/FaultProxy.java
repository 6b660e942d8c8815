package dev.dockertag.testsupport;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * An HTTP/1.1 relay on 127.0.0.1 in front of a real registry that misbehaves on demand, for the tests of what a client
 * does when a registry or a proxy in between goes wrong. Each fault applies to the requests whose {@code "METHOD
 * /path?query"} matches a regular expression, a given number of times (or always): trickle a response, stall before the
 * headers or mid-body, drop the connection after N bytes, drop an upload, answer 5xx, or answer an error whose body
 * echoes the request's headers (as some proxies do, {@code Authorization} included). Requests that no fault takes are
 * relayed as they are, {@code Host} included, so the registry's {@code Location} headers lead back through the relay.
 * Test use only: bodies are held in memory, one upstream connection per request.
 *
 * <p>Longer than this project's files usually are (about 410 lines): the relay and its faults share one hand-written
 * HTTP/1.1 exchange (a fault acts at a byte offset within it), so they stay together.
 */
public final class FaultProxy implements AutoCloseable {

    /** The count of a fault that never wears out. */
    public static final int ALWAYS = Integer.MAX_VALUE;

    /** What {@link #requests} records for a connection that began a TLS handshake (answered 400). */
    public static final String TLS_HANDSHAKE = "TLS handshake";

    private enum Kind {
        TRICKLE,
        STALL_BEFORE_HEADERS,
        STALL_AFTER,
        DROP_AFTER,
        DROP_UPLOAD,
        STATUS,
        ECHO_HEADERS
    }

    private record Fault(Kind kind, Pattern pattern, long amount, Duration interval, AtomicInteger left) {
        boolean takes(String request) {
            if (!pattern.matcher(request).find()) {
                return false;
            }
            return left.getAndUpdate(n -> n == ALWAYS ? n : Math.max(0, n - 1)) > 0;
        }
    }

    private final ServerSocket server;
    private final String upstreamHost;
    private final int upstreamPort;
    private final List<Fault> faults = new CopyOnWriteArrayList<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> faulted = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);

    private FaultProxy(ServerSocket server, String upstream) {
        this.server = server;
        int colon = upstream.lastIndexOf(':');
        this.upstreamHost = upstream.substring(0, colon);
        this.upstreamPort = Integer.parseInt(upstream.substring(colon + 1));
        Thread.ofVirtual().start(this::acceptLoop);
    }

    /** A relay to {@code upstream}, {@code host:port} of a plain-HTTP registry. */
    public static FaultProxy to(String upstream) {
        try {
            return new FaultProxy(new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1")), upstream);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code 127.0.0.1:<port>}: the registry host to put in image references. */
    public String host() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    /** Sends matching responses' bodies one byte every {@code interval}. */
    public FaultProxy trickle(String pattern, Duration interval, int times) {
        return add(Kind.TRICKLE, pattern, 0, interval, times);
    }

    /** Reads matching requests and never answers (until the relay closes). */
    public FaultProxy stallBeforeHeaders(String pattern, int times) {
        return add(Kind.STALL_BEFORE_HEADERS, pattern, 0, Duration.ZERO, times);
    }

    /** Sends the headers and {@code bytes} bytes of matching responses' bodies, then goes silent. */
    public FaultProxy stallAfter(String pattern, long bytes, int times) {
        return add(Kind.STALL_AFTER, pattern, bytes, Duration.ZERO, times);
    }

    /**
     * Sends the headers and {@code bytes} bytes of matching responses' bodies, then closes the connection (the client
     * sees the body end early).
     */
    public FaultProxy dropAfter(String pattern, long bytes, int times) {
        return add(Kind.DROP_AFTER, pattern, bytes, Duration.ZERO, times);
    }

    /** Reads the headers of matching requests, then closes the connection before their bodies arrive. */
    public FaultProxy dropUpload(String pattern, int times) {
        return add(Kind.DROP_UPLOAD, pattern, 0, Duration.ZERO, times);
    }

    /** Answers matching requests with {@code status} and a registry-style error body. */
    public FaultProxy status(String pattern, int status, int times) {
        return add(Kind.STATUS, pattern, status, Duration.ZERO, times);
    }

    /**
     * Answers matching requests with {@code status} and a plain-text body that echoes their headers,
     * {@code Authorization} first.
     */
    public FaultProxy echoHeaders(String pattern, int status, int times) {
        return add(Kind.ECHO_HEADERS, pattern, status, Duration.ZERO, times);
    }

    private FaultProxy add(Kind kind, String pattern, long amount, Duration interval, int times) {
        faults.add(new Fault(kind, Pattern.compile(pattern), amount, interval, new AtomicInteger(times)));
        return this;
    }

    /** Removes every fault; later requests are relayed as they are. */
    public void clear() {
        faults.clear();
    }

    /** Every request seen, as {@code "METHOD /path?query"}, in order. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    /** The requests a fault took, as {@code "KIND METHOD /path?query"}. */
    public List<String> faulted() {
        return List.copyOf(faulted);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                open.add(client);
                Thread.ofVirtual().start(() -> serve(client));
            } catch (IOException closedServer) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = new BufferedInputStream(client.getInputStream());
            OutputStream out = client.getOutputStream();
            in.mark(1);
            if (in.read() == 0x16) { // a TLS handshake record: answer as a plain-HTTP server does
                requests.add(TLS_HANDSHAKE);
                out.write("HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
                return;
            }
            in.reset();
            while (true) {
                Head request = Head.read(in);
                if (request == null) {
                    return;
                }
                String line = request.method() + " " + request.target();
                requests.add(line);
                Fault fault =
                        faults.stream().filter(f -> f.takes(line)).findFirst().orElse(null);
                if (fault != null) {
                    faulted.add(fault.kind() + " " + line);
                }
                if (fault != null && fault.kind() == Kind.DROP_UPLOAD) {
                    client.setSoLinger(true, 0); // a reset, as a proxy that gives up on an upload sends
                    return;
                }
                byte[] body = readBody(in, request, false);
                if (fault != null && fault.kind() == Kind.STALL_BEFORE_HEADERS) {
                    awaitClose();
                    return;
                }
                if (fault != null && (fault.kind() == Kind.STATUS || fault.kind() == Kind.ECHO_HEADERS)) {
                    writeError(out, request, (int) fault.amount(), fault.kind() == Kind.ECHO_HEADERS);
                    continue;
                }
                Response response = relay(request, body);
                if (!send(client, out, request, response, fault)) {
                    return;
                }
                if ("close".equalsIgnoreCase(request.header("Connection"))) {
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the client went away, or the relay closed: nothing to report in a test fixture
        } finally {
            open.remove(client);
        }
    }

    private record Response(Head head, byte[] body) {}

    private Response relay(Head request, byte[] body) throws IOException {
        try (Socket upstream = new Socket(upstreamHost, upstreamPort)) {
            OutputStream up = upstream.getOutputStream();
            StringBuilder head = new StringBuilder(request.method() + " " + request.target() + " HTTP/1.1\r\n");
            request.headers().forEach((name, values) -> {
                String lower = name.toLowerCase(Locale.ROOT);
                if (!lower.equals("connection")
                        && !lower.equals("transfer-encoding")
                        && !lower.equals("content-length")
                        && !lower.equals("keep-alive")) {
                    values.forEach(v -> head.append(name).append(": ").append(v).append("\r\n"));
                }
            });
            if (body.length > 0 || request.hasBody()) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            head.append("Connection: close\r\n\r\n");
            up.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            up.write(body);
            up.flush();
            InputStream from = new BufferedInputStream(upstream.getInputStream());
            Head response = Head.read(from);
            if (response == null) {
                throw new IOException("the registry closed the connection without answering");
            }
            boolean noBody = request.method().equals("HEAD") || response.status() == 204 || response.status() == 304;
            return new Response(response, noBody ? new byte[0] : readBody(from, response, true));
        }
    }

    /** Writes the response, faulted as asked; false when the connection is done for. */
    private boolean send(Socket client, OutputStream out, Head request, Response response, Fault fault)
            throws IOException {
        StringBuilder head = new StringBuilder(response.head().startLine() + "\r\n");
        response.head().headers().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!lower.equals("connection") && !lower.equals("transfer-encoding") && !lower.equals("content-length")) {
                values.forEach(v -> head.append(name).append(": ").append(v).append("\r\n"));
            }
        });
        String length = request.method().equals("HEAD")
                ? response.head().header("Content-Length")
                : String.valueOf(response.body().length);
        if (length != null) {
            head.append("Content-Length: ").append(length).append("\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        byte[] body = response.body();
        Kind kind = fault == null ? null : fault.kind();
        if (kind == Kind.TRICKLE) {
            for (byte b : body) {
                out.write(b);
                out.flush();
                if (closedWithin(fault.interval())) {
                    return false;
                }
            }
            return true;
        }
        if (kind == Kind.STALL_AFTER || kind == Kind.DROP_AFTER) {
            out.write(body, 0, (int) Math.min(body.length, fault.amount()));
            out.flush();
            if (kind == Kind.STALL_AFTER) {
                awaitClose();
            }
            return false; // DROP_AFTER: the connection closes here, as when a proxy's idle timer fires
        }
        out.write(body);
        out.flush();
        return true;
    }

    private boolean closedWithin(Duration wait) {
        try {
            return closed.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private void awaitClose() {
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void writeError(OutputStream out, Head request, int status, boolean echo) throws IOException {
        String body;
        if (echo) {
            // as a proxy explaining which credentials it refused: those first, then the other headers
            StringBuilder echoed = new StringBuilder(status + " Bad Request\n");
            request.headers().entrySet().stream()
                    .sorted(Comparator.comparing(e -> !e.getKey().equalsIgnoreCase("Authorization")))
                    .forEach(e -> e.getValue()
                            .forEach(v -> echoed.append(e.getKey())
                                    .append(": ")
                                    .append(v)
                                    .append("\n")));
            body = echoed.toString();
        } else {
            body = "{\"errors\":[{\"code\":\"UNAVAILABLE\",\"message\":\"injected " + status + "\"}]}";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " Injected\r\n"
                + "Content-Type: " + (echo ? "text/plain" : "application/json") + "\r\n"
                + "Content-Length: " + bytes.length + "\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.write(bytes);
        out.flush();
    }

    /** A body by Content-Length, chunked, or (a response only) up to the end of the connection. */
    private static byte[] readBody(InputStream in, Head head, boolean toEndIfUnsized) throws IOException {
        String chunked = head.header("Transfer-Encoding");
        if (chunked != null && chunked.toLowerCase(Locale.ROOT).contains("chunked")) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String sizeLine = Head.line(in);
                int semicolon = sizeLine.indexOf(';');
                int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
                if (size == 0) {
                    while (!Head.line(in).isEmpty()) {
                        // trailers
                    }
                    return body.toByteArray();
                }
                body.write(in.readNBytes(size));
                Head.line(in);
            }
        }
        String length = head.header("Content-Length");
        if (length != null) {
            return in.readNBytes(Integer.parseInt(length.trim()));
        }
        return toEndIfUnsized ? in.readAllBytes() : new byte[0];
    }

    /** A request or response head. */
    private record Head(String startLine, Map<String, List<String>> headers) {

        static Head read(InputStream in) throws IOException {
            String start = line(in);
            if (start == null || start.isEmpty()) {
                return null;
            }
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (String h; !(h = line(in)).isEmpty(); ) {
                int colon = h.indexOf(':');
                headers.computeIfAbsent(h.substring(0, colon).trim(), k -> new ArrayList<>())
                        .add(h.substring(colon + 1).trim());
            }
            return new Head(start, headers);
        }

        static String line(InputStream in) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b; (b = in.read()) != '\n'; ) {
                if (b < 0) {
                    return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
                }
                if (b != '\r') {
                    line.write(b);
                }
            }
            return line.toString(StandardCharsets.ISO_8859_1);
        }

        String method() {
            return startLine.split(" ")[0];
        }

        String target() {
            return startLine.split(" ")[1];
        }

        int status() {
            return Integer.parseInt(startLine.split(" ")[1]);
        }

        boolean hasBody() {
            return header("Content-Length") != null || header("Transfer-Encoding") != null;
        }

        String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0))
                    .findFirst()
                    .orElse(null);
        }
    }

    @Override
    public void close() {
        closed.countDown();
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }
}

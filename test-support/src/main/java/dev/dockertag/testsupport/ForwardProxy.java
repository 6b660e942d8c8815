package dev.dockertag.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small HTTP forward proxy on 127.0.0.1, as a company's egress proxy is: plain requests in absolute form are relayed
 * (one per connection), {@code CONNECT} is tunnelled. It records each request line so a test can tell what went through
 * it. Test use only: no limits, no authentication.
 */
public final class ForwardProxy implements AutoCloseable {

    private final ServerSocket server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final Map<String, String> redirects = new ConcurrentHashMap<>();
    private final Thread acceptor;

    private ForwardProxy(ServerSocket server) {
        this.server = server;
        this.acceptor = Thread.ofVirtual().start(this::acceptLoop);
    }

    public static ForwardProxy start() {
        try {
            return new ForwardProxy(new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://127.0.0.1:<port>}, for {@code http_proxy} and {@code https_proxy}. */
    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /**
     * Sends what is meant for {@code host} (any port) to {@code hostPort} instead: how a test stands a local registry
     * in for one it cannot reach (Docker Hub), as a company's proxy may rewrite one.
     */
    public ForwardProxy redirect(String host, String hostPort) {
        redirects.put(host, hostPort);
        return this;
    }

    /** Every request line seen so far, e.g. {@code GET http://127.0.0.1:5000/v2/ HTTP/1.1}. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Thread.ofVirtual().start(() -> serve(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            List<String> head = readHead(in);
            if (head.isEmpty()) {
                return;
            }
            String[] line = head.get(0).split(" ", 3);
            requests.add(head.get(0));
            if (line[0].equals("CONNECT")) {
                String[] hostPort =
                        redirects.getOrDefault(line[1].split(":")[0], line[1]).split(":");
                try (Socket upstream = new Socket(hostPort[0], Integer.parseInt(hostPort[1]))) {
                    client.getOutputStream()
                            .write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    relay(client, upstream);
                }
                return;
            }
            URI target = URI.create(line[1]);
            String redirect = redirects.get(target.getHost());
            String host = redirect == null ? target.getHost() : redirect.split(":")[0];
            int port = redirect != null
                    ? Integer.parseInt(redirect.split(":")[1])
                    : target.getPort() == -1 ? 80 : target.getPort();
            try (Socket upstream = new Socket(host, port)) {
                StringBuilder request = new StringBuilder(line[0] + " " + target.getRawPath()
                        + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery()) + " " + line[2] + "\r\n");
                for (String header : head.subList(1, head.size())) {
                    String name = header.substring(0, Math.max(0, header.indexOf(':')))
                            .toLowerCase();
                    if (!name.equals("proxy-connection")
                            && !name.equals("connection")
                            && !name.equals("proxy-authorization")) {
                        request.append(header).append("\r\n");
                    }
                }
                request.append("Connection: close\r\n\r\n");
                upstream.getOutputStream().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
                relay(client, upstream);
            }
        } catch (IOException | RuntimeException dropped) {
            // a client or upstream that went away ends its connection only
        }
    }

    /** Copies both ways until the upstream side closes. */
    private static void relay(Socket client, Socket upstream) throws IOException {
        Thread up = Thread.ofVirtual().start(() -> {
            try {
                client.getInputStream().transferTo(upstream.getOutputStream());
            } catch (IOException ignored) {
                // the exchange is over
            }
        });
        try {
            upstream.getInputStream().transferTo(client.getOutputStream());
        } finally {
            up.interrupt();
        }
    }

    private static List<String> readHead(InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1).stripTrailing();
                if (text.isEmpty()) {
                    return lines;
                }
                lines.add(text);
                line.reset();
            } else {
                line.write(b);
            }
        }
        return lines;
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        acceptor.interrupt();
    }
}

package dev.dockertag.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.dockertag.registry.RegistryException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The one classifier of failures with no whole answer, each kind met through a real socket on 127.0.0.1 and the real
 * client: the kind is set where the failure is made, from the socket's failure, never read back out of the message
 * (which names the action and the repository).
 */
class IoFailureTest {

    /** A server on 127.0.0.1 that does {@code onConnection} with each connection it takes. */
    private static ServerSocket server(Consumer<Socket> onConnection) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    Thread.ofVirtual().start(() -> onConnection.accept(socket));
                } catch (IOException closed) {
                    return;
                }
            }
        });
        return server;
    }

    private static RegistryException resolveFails(String host, boolean plainHttp, String repository) {
        try (RegistryClient client = RegistryClient.builder()
                .allowPlainHttp(plainHttp)
                .retryPolicy(RetryPolicy.NONE)
                .timeouts(Duration.ofSeconds(2), Duration.ofMillis(300))
                .build()) {
            return catchThrowableOfType(
                    RegistryException.class,
                    () -> client.repository(ImageReference.parse(host + "/" + repository))
                            .resolve("latest"));
        }
    }

    private static void readRequest(Socket socket) {
        try {
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            StringBuilder seen = new StringBuilder();
            while (!seen.toString().contains("\r\n\r\n")) {
                int n = in.read(buffer);
                if (n < 0) {
                    return;
                }
                seen.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
            }
        } catch (IOException ignored) {
            // the client went away: nothing to read
        }
    }

    @Test
    void aReadTimeoutIsBrokenEvenWhenTheRepositoryIsNamedConnector() throws IOException {
        try (ServerSocket silent = server(socket -> readRequest(socket))) {
            String host = "127.0.0.1:" + silent.getLocalPort();

            RegistryException e = resolveFails(host, true, "team/connector");

            assertThat(e.kind()).isEqualTo(Kind.BROKEN);
            // okio's watchdog says "timeout", the socket's own read timeout "Read timed out": which one fires
            // first depends on how busy the machine is
            assertThat(e.getMessage())
                    .isIn(
                            "tried to resolve " + host + "/team/connector:latest: no answer from " + host
                                    + " in time (timeout)",
                            "tried to resolve " + host + "/team/connector:latest: no answer from " + host
                                    + " in time (Read timed out)");
        }
    }

    @Test
    void aRefusedConnectionIsUnreachable() throws IOException {
        ServerSocket closed = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        String host = "127.0.0.1:" + closed.getLocalPort();
        closed.close();

        RegistryException e = resolveFails(host, true, "team/app");

        assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE);
        assertThat(e.getMessage())
                .startsWith("tried to resolve " + host + "/team/app:latest: cannot connect to " + host + ": ");
    }

    @Test
    void aConnectionClosedBeforeTheAnswerIsBroken() throws IOException {
        try (ServerSocket hangsUp = server(socket -> {
            readRequest(socket);
            try (socket) {
                socket.setSoLinger(true, 0); // a reset, as a crashing proxy sends
            } catch (IOException ignored) {
                // closed either way
            }
        })) {
            String host = "127.0.0.1:" + hangsUp.getLocalPort();

            RegistryException e = resolveFails(host, true, "team/app");

            assertThat(e.kind()).isEqualTo(Kind.BROKEN);
            assertThat(e.permanent()).isFalse();
        }
    }

    @Test
    void tlsToAServerThatSpeaksPlainHttpIsAPermanentTlsFailure() throws IOException {
        try (ServerSocket plain = server(socket -> {
            try (socket;
                    OutputStream out = socket.getOutputStream()) {
                socket.getInputStream().read(new byte[512]);
                out.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            } catch (IOException ignored) {
                // the client gave up on the handshake
            }
        })) {
            String host = "127.0.0.1:" + plain.getLocalPort();

            RegistryException e = resolveFails(host, false, "team/app");

            assertThat(e.kind()).isEqualTo(Kind.TLS);
            assertThat(e.permanent())
                    .as("no retry will make a plain-HTTP server speak TLS")
                    .isTrue();
            assertThat(e.getMessage())
                    .isEqualTo("tried to resolve " + host + "/team/app:latest: TLS with " + host
                            + " failed: Unsupported or unrecognized SSL message");
        }
    }

    @Test
    void anUnknownHostIsUnreachableAndNamesTheHost() {
        // No real look-up: this machine's resolver is not ours to query for a test.
        IoFailure failure = IoFailure.of(new UnknownHostException("registry.invalid"), "registry.invalid:5000");

        assertThat(failure).isEqualTo(new IoFailure(Kind.UNREACHABLE, "unknown host registry.invalid:5000", false));
    }

    @Test
    void aConnectTimeoutIsToldByTheTimeoutsOwnWordsOnly() {
        assertThat(IoFailure.of(new SocketTimeoutException("Connect timed out"), "h:1")
                        .kind())
                .isEqualTo(Kind.UNREACHABLE);
        assertThat(IoFailure.of(new SocketTimeoutException("Read timed out"), "connect.example:1")
                        .kind())
                .isEqualTo(Kind.BROKEN);
    }
}

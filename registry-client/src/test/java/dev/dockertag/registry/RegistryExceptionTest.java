package dev.dockertag.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dockertag.registry.RegistryException.Kind;
import dev.dockertag.registry.image.Digest;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** Each failure falls in one kind, told from its status, or by {@link IoFailure} when no answer came. */
class RegistryExceptionTest {

    private static Kind answered(int status) {
        return new RegistryException("list tags of r.example/app", status, null, "no").kind();
    }

    private static Kind unanswered(IOException cause) {
        IoFailure failure = IoFailure.of(cause, "r.example:443");
        return new RegistryException("list tags of r.example/app", failure, failure.words(), cause).kind();
    }

    @Test
    void anAnswerIsKnownByItsStatus() {
        assertThat(answered(401)).isEqualTo(Kind.UNAUTHORIZED);
        assertThat(answered(403)).isEqualTo(Kind.FORBIDDEN);
        assertThat(answered(404)).isEqualTo(Kind.NOT_FOUND);
        assertThat(answered(400)).isEqualTo(Kind.REFUSED);
        assertThat(answered(503)).isEqualTo(Kind.REFUSED);
    }

    @Test
    void noAnswerIsKnownByWhatStoppedIt() {
        assertThat(unanswered(new SSLHandshakeException("PKIX path building failed")))
                .isEqualTo(Kind.TLS);
        assertThat(unanswered(new ConnectException("Connection refused"))).isEqualTo(Kind.UNREACHABLE);
        assertThat(unanswered(new UnknownHostException("r.example"))).isEqualTo(Kind.UNREACHABLE);
        assertThat(unanswered(new SocketTimeoutException("connect timed out"))).isEqualTo(Kind.UNREACHABLE);
        assertThat(unanswered(new SocketTimeoutException("timeout"))).isEqualTo(Kind.BROKEN);
        assertThat(unanswered(new SocketException("Connection reset"))).isEqualTo(Kind.BROKEN);
    }

    @Test
    void theKindIsSetWhenTheFailureIsMadeNotReadFromItsMessage() {
        IOException timeout = new SocketTimeoutException("timeout");
        IoFailure failure = IoFailure.of(timeout, "connect.example:443");

        RegistryException e =
                new RegistryException("resolve connect.example/connector:latest", failure, failure.words(), timeout);

        assertThat(e.getMessage()).contains("connect");
        assertThat(e.kind()).isEqualTo(Kind.BROKEN);
    }

    @Test
    void otherBytesThanTheDigestNamesAreTheirOwnKind() {
        Digest asked = Digest.sha256(new byte[] {1});
        Digest got = Digest.sha256(new byte[] {2});

        assertThat(new DigestMismatchException("pull r.example/app@" + asked, asked, got, 1).kind())
                .isEqualTo(Kind.DIGEST_MISMATCH);
    }
}

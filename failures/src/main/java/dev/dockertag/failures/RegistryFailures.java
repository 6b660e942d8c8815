package dev.dockertag.failures;

import dev.dockertag.registry.RegistryException;
import dev.dockertag.registry.RegistryException.Kind;
import java.util.Optional;

/**
 * The one table from a registry failure's {@link Kind} to what a user reads: the error line (with what to do about an
 * untrusted certificate) and a hint naming the configuration key to change. Each tool gives its own key names
 * ({@link Keys#RESOURCE}'s {@code source.*}, the reaper's {@code registry.*}); the rows are the same for all.
 *
 * <table>
 * <tr><td>digest mismatch</td><td>other bytes than the digest names; nothing was kept</td></tr>
 * <tr><td>403</td><td>the credentials are not allowed to do this</td></tr>
 * <tr><td>401</td><td>check the credentials</td></tr>
 * <tr><td>401 or 403 from the storage a redirect led to</td><td>the registry's operator mends it</td></tr>
 * <tr><td>TLS handshake failed</td><td>the CA to trust, or plain HTTP</td></tr>
 * <tr><td>never reached</td><td>check the host; plain HTTP</td></tr>
 * <tr><td>no answer after connecting</td><td>the connection broke; try again later</td></tr>
 * </table>
 */
public final class RegistryFailures {

    /**
     * The configuration keys a hint names, and what the failure means for the command that met it ({@code afterwards},
     * said after the hint; empty when there is nothing to say).
     */
    public record Keys(
            String credentials, String user, String repository, String caCerts, String insecure, String afterwards) {

        /** The resource's {@code source} keys. */
        public static final Keys RESOURCE = new Keys(
                "source.username and source.password",
                "source.username",
                "source.repository",
                "source.ca_certs",
                "source.insecure",
                "");

        /** The reaper's {@code reaper.yml} keys. */
        public static final Keys REAPER = new Keys(
                "registry.username and registry.password",
                "registry.username",
                "repositories",
                "registry.ca_certs",
                "registry.insecure",
                "");

        /** The same keys, and what a registry failure means for the command: said after the hint. */
        public Keys withAfterwards(String consequence) {
            return new Keys(credentials, user, repository, caCerts, insecure, consequence);
        }
    }

    private RegistryFailures() {}

    /** The error line: the exception's message, and for a TLS failure what to do about it. */
    public static String message(RegistryException e, Keys keys) {
        return e.kind() == Kind.TLS
                ? e.getMessage() + " (trust its CA with " + keys.caCerts() + ", or set " + keys.insecure()
                        + " if it speaks plain HTTP)"
                : e.getMessage();
    }

    /** The hint of the failure's kind, when the kind has one, then what it means for the command. */
    public static Optional<String> hint(RegistryException e, Keys keys) {
        Optional<String> hint = kindHint(e, keys);
        if (keys.afterwards().isEmpty()) {
            return hint;
        }
        return Optional.of(hint.map(h -> h + "; ").orElse("") + keys.afterwards());
    }

    private static Optional<String> kindHint(RegistryException e, Keys keys) {
        return Optional.ofNullable(
                switch (e.kind()) {
                    case DIGEST_MISMATCH ->
                        "the registry (or a proxy) returned other bytes than the digest names; nothing was kept";
                    case FORBIDDEN ->
                        "the credentials in " + keys.user() + " are not allowed to do this in " + keys.repository();
                    case UNAUTHORIZED -> "check " + keys.credentials();
                    case TLS ->
                        "the registry's certificate is not trusted here, names another host, or the registry does not"
                                + " speak TLS; " + keys.caCerts() + " takes PEM certificates, " + keys.insecure()
                                + " means plain HTTP";
                    case UNREACHABLE ->
                        "check the host in " + keys.repository() + "; for a plain-HTTP registry set " + keys.insecure();
                    case BROKEN ->
                        "the registry was reached, but the connection broke or went silent mid-exchange (the"
                                + " registry or a proxy between closed it); retries were spent, so try again later";
                    case STORAGE_REFUSED ->
                        "the registry sent the transfer on to storage of its own (a bucket, a CDN), which refused it:"
                                + " its access (a signed URL that expired, the bucket's policy) is for the registry's"
                                + " operator to mend; " + keys.credentials() + " are never sent there";
                    case NOT_FOUND, REFUSED -> null;
                });
    }
}

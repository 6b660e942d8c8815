package dev.dockertag.registry.auth;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A user name and secret for one registry. The secret is a password, or, when the user name is {@code <token>} (as
 * docker credential helpers say it), an identity token used as an OAuth2 refresh token. {@link #toString()} never shows
 * the secret.
 */
public record Credentials(String username, String secret) {

    /** The user name docker credential helpers give for an identity token. */
    public static final String IDENTITY_TOKEN_USER = "<token>";

    public Credentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(secret, "secret");
    }

    public static Credentials identityToken(String token) {
        return new Credentials(IDENTITY_TOKEN_USER, token);
    }

    public boolean isIdentityToken() {
        return IDENTITY_TOKEN_USER.equals(username);
    }

    /** The value of an {@code Authorization: Basic ...} header. */
    public String basicHeader() {
        return okhttp3.Credentials.basic(username, secret, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "Credentials[" + username + ", ****]";
    }
}

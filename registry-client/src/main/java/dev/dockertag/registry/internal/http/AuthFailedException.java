package dev.dockertag.registry.internal.http;

import java.io.IOException;

/** Getting a token failed (wrong credentials, token server down): not retried, reported as it is. */
public class AuthFailedException extends IOException {

    public AuthFailedException(String message) {
        super(message);
    }

    public AuthFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}

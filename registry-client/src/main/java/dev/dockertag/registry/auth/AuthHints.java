package dev.dockertag.registry.auth;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.dockertag.registry.image.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a registry host said about authentication the last time (Basic, or Bearer with its realm and service),
 * remembered between processes so that a short-lived one (a Concourse check, every minute) goes straight to the token
 * server, or sends Basic at once, instead of first collecting a 401. Only the challenge is kept, never a credential or
 * token; a stale hint costs one extra exchange.
 */
public interface AuthHints {

    AuthHints NONE = new AuthHints() {
        @Override
        public Optional<AuthChallenge> load(String host) {
            return Optional.empty();
        }

        @Override
        public void remember(String host, AuthChallenge challenge) {}
    };

    Optional<AuthChallenge> load(String host);

    void remember(String host, AuthChallenge challenge);

    /**
     * Hints kept in a small JSON file (created on first use). An unreadable file is treated as empty: a hint is an
     * optimisation, never a reason to fail.
     */
    static AuthHints inFile(Path file) {
        return new FileAuthHints(file);
    }

    /** The challenge without its per-request parts ({@code scope}, {@code error}), as a header value. */
    static String persistable(AuthChallenge challenge) {
        StringBuilder header = new StringBuilder(challenge.scheme());
        String separator = " ";
        for (String key : List.of("realm", "service")) {
            Optional<String> value = challenge.param(key);
            if (value.isPresent()) {
                header.append(separator)
                        .append(key)
                        .append("=\"")
                        .append(value.get().replace("\\", "\\\\").replace("\"", "\\\""))
                        .append('"');
                separator = ",";
            }
        }
        return header.toString();
    }

    /** The file-backed store. */
    final class FileAuthHints implements AuthHints {
        private final Path file;
        private final Map<String, String> cache = new ConcurrentHashMap<>();
        private volatile boolean loaded;

        FileAuthHints(Path file) {
            this.file = file;
        }

        @Override
        public Optional<AuthChallenge> load(String host) {
            readOnce();
            String header = cache.get(host);
            return header == null
                    ? Optional.empty()
                    : AuthChallenge.parse(header).stream().findFirst();
        }

        @Override
        public synchronized void remember(String host, AuthChallenge challenge) {
            readOnce();
            String header = persistable(challenge);
            if (header.equals(cache.get(host))) {
                return;
            }
            cache.put(host, header);
            try {
                Files.createDirectories(file.toAbsolutePath().getParent());
                Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), ".auth-hints-", ".tmp");
                Files.write(temp, Json.write(new LinkedHashMap<>(cache)));
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException | RuntimeException e) {
                // not fatal: the next process collects the 401 again
            }
        }

        private void readOnce() {
            if (loaded) {
                return;
            }
            synchronized (this) {
                if (!loaded) {
                    try {
                        if (Files.isRegularFile(file)) {
                            cache.putAll(
                                    Json.MAPPER.readValue(file.toFile(), new TypeReference<Map<String, String>>() {}));
                        }
                    } catch (IOException | RuntimeException e) {
                        // corrupt or unreadable: start empty
                    }
                    loaded = true;
                }
            }
        }
    }
}

package dev.dockertag.registry.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dockertag.registry.image.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Credentials from a docker {@code config.json}: {@code auths} entries, the default {@code credsStore} and per-host
 * {@code credHelpers}, which run {@code docker-credential-<name> get} with the server on stdin and read
 * {@code {"ServerURL","Username","Secret"}} from stdout.
 */
public final class DockerConfigCredentials implements CredentialsProvider {

    /** Docker Hub's key in {@code auths} and for helpers. */
    static final String DOCKER_HUB_KEY = "https://index.docker.io/v1/";
    /** The hosts Docker Hub goes by (ImageReference normalises to the first; requests go to the second). */
    private static final Set<String> DOCKER_HUB_HOSTS = Set.of("index.docker.io", "registry-1.docker.io", "docker.io");

    private final Path configFile;
    private final JsonNode config;
    private final Path helperDirectory;

    private DockerConfigCredentials(Path configFile, JsonNode config, Path helperDirectory) {
        this.configFile = configFile;
        this.config = config;
        this.helperDirectory = helperDirectory;
    }

    /** The config at {@code $DOCKER_CONFIG/config.json}, else {@code ~/.docker/config.json}; empty when absent. */
    public static DockerConfigCredentials fromEnvironment() {
        String dir = System.getenv("DOCKER_CONFIG");
        Path file = dir != null && !dir.isBlank()
                ? Path.of(dir, "config.json")
                : Path.of(System.getProperty("user.home"), ".docker", "config.json");
        return load(file);
    }

    /** Reads the file; a missing file means no credentials, a malformed one is an error naming it. */
    public static DockerConfigCredentials load(Path file) {
        return load(file, null);
    }

    /** As {@link #load(Path)}, running helpers from {@code helperDirectory} instead of {@code PATH}. */
    static DockerConfigCredentials load(Path file, Path helperDirectory) {
        if (!Files.isRegularFile(file)) {
            return new DockerConfigCredentials(file, Json.MAPPER.createObjectNode(), helperDirectory);
        }
        try {
            return new DockerConfigCredentials(file, Json.MAPPER.readTree(Files.readAllBytes(file)), helperDirectory);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read docker config " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<Credentials> credentialsFor(String registryHost) {
        List<String> keys = keysFor(registryHost);
        JsonNode helpers = config.path("credHelpers");
        for (String key : keys) {
            if (helpers.hasNonNull(key)) {
                return fromHelper(helpers.get(key).asText(), key);
            }
        }
        JsonNode auths = config.path("auths");
        for (String key : keys) {
            if (auths.has(key)) {
                Optional<Credentials> fromAuths = fromAuthEntry(key, auths.get(key));
                if (fromAuths.isPresent()) {
                    return fromAuths;
                }
            }
        }
        if (config.hasNonNull("credsStore")) {
            return fromHelper(config.get("credsStore").asText(), keys.get(0));
        }
        return Optional.empty();
    }

    /** The spellings a host may have as a key: bare, with scheme, and Docker Hub's legacy URL. */
    static List<String> keysFor(String host) {
        if (DOCKER_HUB_HOSTS.contains(host)) {
            return List.of(
                    DOCKER_HUB_KEY,
                    "index.docker.io",
                    "docker.io",
                    "registry-1.docker.io",
                    "https://registry-1.docker.io");
        }
        return List.of(
                host, "https://" + host, "http://" + host, "https://" + host + "/v1/", "https://" + host + "/v2/");
    }

    private Optional<Credentials> fromAuthEntry(String key, JsonNode entry) {
        if (entry.hasNonNull("identitytoken")
                && !entry.get("identitytoken").asText().isEmpty()) {
            return Optional.of(
                    Credentials.identityToken(entry.get("identitytoken").asText()));
        }
        if (entry.hasNonNull("auth") && !entry.get("auth").asText().isEmpty()) {
            String decoded;
            try {
                decoded = new String(
                        Base64.getDecoder().decode(entry.get("auth").asText().trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "docker config " + configFile + ": auths." + key + ".auth is not valid base64");
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException(
                        "docker config " + configFile + ": auths." + key + ".auth is not base64 of user:password");
            }
            return Optional.of(new Credentials(decoded.substring(0, colon), decoded.substring(colon + 1)));
        }
        if (entry.hasNonNull("username") && entry.hasNonNull("password")) {
            return Optional.of(new Credentials(
                    entry.get("username").asText(), entry.get("password").asText()));
        }
        return Optional.empty();
    }

    private Optional<Credentials> fromHelper(String helper, String serverUrl) {
        String program = "docker-credential-" + helper;
        String executable = helperDirectory == null
                ? program
                : helperDirectory.resolve(program).toString();
        Process process;
        try {
            process = new ProcessBuilder(executable, "get")
                    .redirectError(ProcessBuilder.Redirect.PIPE)
                    .start();
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "docker config " + configFile + " names credential helper '" + helper + "' but " + program
                            + " cannot be run: " + e.getMessage(),
                    e);
        }
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(serverUrl.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            process.destroyForcibly();
            throw new IllegalArgumentException(program + " get: " + e.getMessage(), e);
        }
        try {
            // stderr is drained alongside stdout: a helper that fills one pipe must not stall on it
            CompletableFuture<byte[]> stderr =
                    CompletableFuture.supplyAsync(() -> readQuietly(process.getErrorStream()));
            byte[] out = readAll(process.getInputStream());
            byte[] err = stderr.join();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalArgumentException(program + " get did not answer within 30 s");
            }
            if (process.exitValue() != 0) {
                String why = new String(out.length > 0 ? out : err, StandardCharsets.UTF_8).trim();
                if (why.contains("credentials not found")) {
                    return Optional.empty();
                }
                throw new IllegalArgumentException(program + " get failed (exit " + process.exitValue() + "): " + why);
            }
            JsonNode answer = Json.MAPPER.readTree(out);
            String user = answer.path("Username").asText("");
            String secret = answer.path("Secret").asText("");
            if (secret.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Credentials(user, secret));
        } catch (IOException e) {
            throw new IllegalArgumentException(program + " get gave an unreadable answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + program, e);
        }
    }

    private static byte[] readQuietly(InputStream in) {
        try {
            return readAll(in);
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        in.transferTo(buffer);
        return buffer.toByteArray();
    }

    /** For diagnostics: which file this reads. */
    public Path configFile() {
        return configFile;
    }
}

package dev.dockertag.testsupport;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real registry run as a process on a free 127.0.0.1 port with its storage in a temporary directory: delete enabled,
 * optional htpasswd Basic auth, optional read-only mode, and its garbage collection. Which registry is a
 * {@link RegistryKind}: CNCF distribution 2.8 (Debian's {@code docker-registry}, the default) or 3.1, with the same
 * config file and the offline {@code garbage-collect} command, or olareg, with its flags and its own GC (and, as it
 * keeps no access log, reached through a {@link FaultProxy} that records the requests). The same commands as
 * {@code shared/registry.sh}, owned by the tests.
 *
 * <p>Over this project's usual file length: it is one process's life (config, start, wait, garbage-collect, stop) for
 * each kind, each option a few lines of the same config file or command line.
 */
public final class LocalRegistry implements AutoCloseable {

    private static final Pattern ACCESS =
            Pattern.compile("\"(GET|HEAD|PUT|POST|PATCH|DELETE) (\\S+) HTTP/[0-9.]+\" (\\d{3})");

    private final RegistryKind kind;
    private final Path dir;
    private final boolean auth;
    private final String username;
    private final String password;
    private TestCertificates tls;
    private int port;
    private Process process;
    /** olareg keeps no access log: a plain-HTTP olareg is reached through this relay, which records the requests. */
    private FaultProxy recorder;

    private boolean readOnly;

    private LocalRegistry(
            RegistryKind kind, Path dir, boolean auth, boolean readOnly, String username, String password) {
        this.kind = kind;
        this.dir = dir;
        this.auth = auth;
        this.readOnly = readOnly;
        this.username = username;
        this.password = password != null ? password : HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
    }

    /** Starts a registry with storage under a new directory in {@code parent}. */
    public static LocalRegistry start(Path parent, boolean basicAuth, boolean readOnly) {
        return start(parent, basicAuth, readOnly, false);
    }

    /** Starts an anonymous TLS-only registry of {@code kind} (see {@link #startTls(Path, boolean)}). */
    public static LocalRegistry startTls(RegistryKind kind, Path parent) {
        return start(kind, parent, false, false, true, "tester", null);
    }

    /** Starts an anonymous registry of {@code kind}, whatever {@code -Ddockertag.registry} says. */
    public static LocalRegistry start(RegistryKind kind, Path parent) {
        return start(kind, parent, false, false, false, "tester", null);
    }

    /**
     * Starts a registry that speaks only TLS, with a certificate for 127.0.0.1 and localhost signed by a CA of its own
     * ({@link #certificates()}): what a client trusts once it is given that CA.
     */
    public static LocalRegistry startTls(Path parent, boolean basicAuth) {
        return start(parent, basicAuth, false, true);
    }

    /**
     * Starts a registry whose one htpasswd user is {@code username} with {@code password}: what a cloud registry's
     * login ends in (ECR's {@code AWS}, ACR's all-zero user with a refresh token). Bcrypt reads at most 72 bytes of a
     * password, so a longer one must be unique in its first 72.
     */
    public static LocalRegistry startWithUser(Path parent, String username, String password) {
        return start(RegistryKind.configured(), parent, true, false, false, username, password);
    }

    private static LocalRegistry start(Path parent, boolean basicAuth, boolean readOnly, boolean tls) {
        return start(RegistryKind.configured(), parent, basicAuth, readOnly, tls, "tester", null);
    }

    private static LocalRegistry start(
            RegistryKind kind,
            Path parent,
            boolean basicAuth,
            boolean readOnly,
            boolean tls,
            String username,
            String password) {
        kind.binary(); // says what is missing, and where it comes from
        if (basicAuth && !kind.hasBasicAuth()) {
            throw new IllegalArgumentException(
                    kind + " has no authentication: a test with a password runs on distribution");
        }
        try {
            LocalRegistry registry = new LocalRegistry(
                    kind, Files.createTempDirectory(parent, "registry-"), basicAuth, readOnly, username, password);
            if (tls) {
                registry.tls = TestCertificates.create(registry.dir.resolve("tls"));
            }
            Files.createDirectories(registry.storage());
            if (basicAuth) {
                String hash = BCrypt.withDefaults().hashToString(5, registry.password.toCharArray());
                Files.writeString(registry.dir.resolve("htpasswd"), registry.username + ":" + hash + "\n");
            }
            registry.launch();
            return registry;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The CA and server certificate of a TLS registry; null for a plain-HTTP one. */
    public TestCertificates certificates() {
        return tls;
    }

    private void launch() throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            port = attempt == 0 && port != 0 ? port : freePort(); // a restart keeps its port if it can
            process = new ProcessBuilder(command(false))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()))
                    .start();
            if (awaitUp()) {
                if (!kind.isDistribution() && tls == null && recorder == null) {
                    recorder = FaultProxy.to("127.0.0.1:" + port);
                }
                return;
            }
            stopProcess();
            last = new IOException("registry did not come up on port " + port + "; log:\n" + tail());
        }
        throw last;
    }

    private boolean awaitUp() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                return false;
            }
            if (tls != null) {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                    return true;
                } catch (IOException notYet) {
                    sleepBriefly();
                    continue;
                }
            }
            try {
                HttpURLConnection c = (HttpURLConnection)
                        URI.create(direct() + "/v2/").toURL().openConnection();
                c.setConnectTimeout(500);
                c.setReadTimeout(1000);
                int code = c.getResponseCode();
                c.disconnect();
                if (code == 200 || code == 401) {
                    return true;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /** The command that serves this registry; for olareg, {@code collecting} turns its GC on at once. */
    private List<String> command(boolean collecting) throws IOException {
        if (kind.isDistribution()) {
            Path config = dir.resolve(readOnly ? "config-ro.yml" : "config.yml");
            Files.writeString(config, config(readOnly));
            return List.of(kind.binary().toString(), "serve", config.toString());
        }
        List<String> command = new ArrayList<>(List.of(
                kind.binary().toString(),
                "serve",
                "--addr",
                "127.0.0.1",
                "--port",
                Integer.toString(port),
                "--dir",
                storage().toString(),
                "--api-delete"));
        // olareg collects garbage in the server, on a timer: off, but for garbageCollect's run
        command.addAll(
                collecting
                        ? List.of("--gc-frequency", "1s", "--gc-grace-period", "-1s") // 0 would mean an hour
                        : List.of("--gc-frequency", "-1s"));
        if (readOnly) {
            command.add("--store-ro");
        }
        if (tls != null) {
            command.addAll(List.of(
                    "--tls-cert",
                    tls.serverCertificate().toString(),
                    "--tls-key",
                    tls.serverKey().toString()));
        }
        return command;
    }

    public RegistryKind kind() {
        return kind;
    }

    private String config(boolean ro) {
        String yaml = """
                version: 0.1
                log:
                  level: info
                  formatter: text
                  accesslog:
                    disabled: false
                storage:
                  filesystem:
                    rootdirectory: %s
                  delete:
                    enabled: true
                  cache:
                    blobdescriptor: inmemory
                  maintenance:
                    uploadpurging:
                      enabled: false
                    readonly:
                      enabled: %s
                http:
                  addr: 127.0.0.1:%d
                  secret: local-registry-test-secret
                """.formatted(storage(), ro, port);
        if (tls != null) {
            yaml += """
                      tls:
                        certificate: %s
                        key: %s
                    """.formatted(tls.serverCertificate(), tls.serverKey());
        }
        if (auth) {
            yaml += """
                    auth:
                      htpasswd:
                        realm: local-registry
                        path: %s
                    """.formatted(dir.resolve("htpasswd"));
        }
        return yaml;
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    /**
     * {@code 127.0.0.1:<port>}, the host part of image references (for olareg over plain HTTP, its recording relay).
     */
    public String host() {
        return recorder != null ? recorder.host() : "127.0.0.1:" + port;
    }

    public String url() {
        return (tls != null ? "https://" : "http://") + host();
    }

    /** The registry's own address, not the relay's. */
    private String direct() {
        return (tls != null ? "https://" : "http://") + "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** The running registry process's pid (a GC script stops it by this). */
    public long pid() {
        return process.pid();
    }

    /** The read-write config the registry serves with (and that {@code garbage-collect} reads). */
    public Path configFile() {
        return dir.resolve("config.yml");
    }

    public Path storage() {
        return dir.resolve("data");
    }

    public Path log() {
        return dir.resolve("registry.log");
    }

    public boolean hasAuth() {
        return auth;
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    /** {@code user:password} for skopeo's {@code --creds}, or null without auth. */
    public String creds() {
        return auth ? username + ":" + password : null;
    }

    /** Restarts (same storage, same port when it is still free) in read-only or read-write mode. */
    public void restart(boolean readOnlyMode) {
        stopProcess();
        readOnly = readOnlyMode;
        try {
            launch();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs {@code garbage-collect} the safe way: the registry is stopped (GC must not run while pushes are accepted),
     * GC runs, and a fresh process starts (the old one's blob cache would be stale). Returns GC's output. On olareg,
     * whose GC runs in the server, the server is started with its GC on every second until the blob count holds still,
     * then started again as before; {@code deleteUntagged} and {@code dryRun} are distribution's.
     */
    public String garbageCollect(boolean deleteUntagged, boolean dryRun) {
        if (!kind.isDistribution()) {
            return olaregCollect();
        }
        stopProcess();
        List<String> command = new ArrayList<>(List.of(kind.binary().toString(), "garbage-collect"));
        if (deleteUntagged) {
            command.add("--delete-untagged");
        }
        if (dryRun) {
            command.add("--dry-run");
        }
        command.add(dir.resolve("config.yml").toString());
        Commands.Result result = Commands.run(command, null, Map.of());
        restart(false);
        result.requireSuccess(command);
        return result.stdout() + result.stderr();
    }

    /**
     * olareg collects in the server, every {@code --gc-frequency}, and only in the repositories changed since its last
     * pass, keeping what is younger than {@code --gc-grace-period} (0 means an hour; a negative value, none). So the
     * server starts again with a pass every second and no grace, each repository is changed by the upload of the empty
     * blob (which that pass collects too), and the blob count is watched until it holds still.
     */
    private String olaregCollect() {
        stopProcess();
        long before = blobCount();
        try {
            process = new ProcessBuilder(command(true))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()))
                    .start();
            if (!awaitUp()) {
                throw new IOException("olareg did not come up for its GC; log:\n" + tail());
            }
            try (Stream<Path> files = Files.walk(storage())) {
                for (Path index : files.filter(p -> p.getFileName().toString().equals("index.json"))
                        .toList()) {
                    touch(storage().relativize(index.getParent()).toString());
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            long last = -1;
            int still = 0;
            while (System.nanoTime() < deadline && still < 3) {
                Thread.sleep(1000);
                long now = blobCount();
                still = now == last ? still + 1 : 0;
                last = now;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        restart(false);
        return "olareg's GC: " + before + " blobs before, " + blobCount() + " after";
    }

    /** Uploads the empty blob to {@code repository} in one POST: a change that olareg's next GC pass looks at. */
    private void touch(String repository) throws IOException {
        String empty = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        HttpURLConnection c =
                (HttpURLConnection) URI.create(direct() + "/v2/" + repository + "/blobs/uploads/?digest=" + empty)
                        .toURL()
                        .openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setFixedLengthStreamingMode(0);
        c.setRequestProperty("Content-Type", "application/octet-stream");
        c.getOutputStream().close();
        int code = c.getResponseCode();
        c.disconnect();
        if (code != 201) {
            throw new IOException("olareg answered " + code + " to the empty blob's upload to " + repository);
        }
    }

    /** The number of blob data files in storage (what GC frees); on olareg, the blobs of every repository's layout. */
    public long blobCount() {
        if (!kind.isDistribution()) {
            try (Stream<Path> files = Files.walk(storage())) {
                return files.filter(p -> Files.isRegularFile(p)
                                && p.getParent().getFileName().toString().equals("sha256")
                                && p.getParent()
                                        .getParent()
                                        .getFileName()
                                        .toString()
                                        .equals("blobs"))
                        .count();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Path blobs = storage().resolve("docker/registry/v2/blobs");
        if (!Files.isDirectory(blobs)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(blobs)) {
            return files.filter(p -> p.getFileName().toString().equals("data") && Files.isRegularFile(p))
                    .count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bytes of every blob in storage (distribution's blob data files; olareg's blobs): what GC frees is a drop. */
    public long blobBytes() {
        try (Stream<Path> files = Files.walk(storage())) {
            return files.filter(p -> Files.isRegularFile(p)
                            && (kind.isDistribution()
                                    ? p.getFileName().toString().equals("data")
                                            && p.toString().contains("/blobs/")
                                    : p.getParent().getFileName().toString().equals("sha256")
                                            && p.getParent()
                                                    .getParent()
                                                    .getFileName()
                                                    .toString()
                                                    .equals("blobs")))
                    .mapToLong(p -> p.toFile().length())
                    .sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A request the registry logged: method, path (with query) and status. */
    public record LoggedRequest(String method, String path, int status) {}

    /**
     * Every request in the access log so far, oldest first (the log survives restarts); for olareg, which keeps none,
     * what its recording relay saw, with status 0 (the relay does not read answers; TLS olareg records nothing).
     */
    public List<LoggedRequest> requests() {
        if (!kind.isDistribution()) {
            if (recorder == null) {
                throw new IllegalStateException("a TLS olareg has no record of its requests");
            }
            return recorder.requests().stream()
                    .filter(line -> line.indexOf(' ') > 0)
                    .map(line -> new LoggedRequest(
                            line.substring(0, line.indexOf(' ')), line.substring(line.indexOf(' ') + 1), 0))
                    .toList();
        }
        try {
            List<LoggedRequest> requests = new ArrayList<>();
            for (String line : Files.readAllLines(log(), StandardCharsets.UTF_8)) {
                Matcher m = ACCESS.matcher(line);
                if (m.find()) {
                    requests.add(new LoggedRequest(m.group(1), m.group(2), Integer.parseInt(m.group(3))));
                }
            }
            return requests;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log());
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private void stopProcess() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        process = null;
    }

    /** Stops the registry and deletes its storage. */
    @Override
    public void close() {
        stopProcess();
        if (recorder != null) {
            recorder.close();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind is not worth failing a test for
        }
    }
}

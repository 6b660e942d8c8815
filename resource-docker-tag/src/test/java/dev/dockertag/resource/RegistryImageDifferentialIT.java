package dev.dockertag.resource;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dockertag.testsupport.ImageFixtures;
import dev.dockertag.testsupport.ImageFixtures.Layer;
import dev.dockertag.testsupport.LocalRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * registry-image-resource, the resource this one is a drop-in for, and this one, given the same request on stdin
 * against the same registries: both packaged as Concourse runs them (registry-image's Go binaries, installed from the
 * Go module proxy by {@code bin/lib.sh install_registry_image_resource}; our {@code target/opt/resource} scripts). Each
 * {@link DifferentialCases case} says whether the two agree or differ by design, and why; the test holds each to that,
 * and writes the table {@code docs/registry-image-compat.md} from what it saw (it fails when the committed table is not
 * what this run produced; {@code bin/registry-image-compat} writes it anew).
 */
class RegistryImageDifferentialIT {

    /** The folder holding registry-image-resource's {@code check}, {@code in} and {@code out}. */
    static final String PEER_ENV = "REGISTRY_IMAGE_RESOURCE";

    /** The version bin/lib.sh installs (registry_image_resource_version). */
    static final String PEER_VERSION = "v1.18.0";

    static final Path TABLE = Path.of("..", "docs", "registry-image-compat.md");

    @TempDir
    static Path work;

    static Registries registries;
    static Path peer;
    static ResourceScripts ours;
    static final Map<String, String> rows = new TreeMap<>();

    @BeforeAll
    static void registriesImagesAndBothResources() throws IOException {
        String dir = System.getenv(PEER_ENV);
        assertThat(dir)
                .as("$" + PEER_ENV + ": registry-image-resource's binaries (bin/test installs them)")
                .isNotBlank();
        peer = Path.of(dir);
        assertThat(peer.resolve("check")).isExecutable();
        ours = new ResourceScripts(Files.createDirectories(work.resolve("tmp")));
        registries = Registries.start(work);
    }

    @AfterAll
    static void stopAndWriteTheTable() throws IOException {
        if (registries != null) {
            registries.close();
        }
        if (rows.size() != DifferentialCases.all().size()) {
            return; // a partial run (one case picked) leaves the table alone
        }
        String table = CompatTable.render(rows.values());
        Files.writeString(Path.of("target", "registry-image-compat.md"), table);
        if (Boolean.getBoolean("compat.update")) {
            Files.writeString(TABLE, table);
        }
        assertThat(Files.readString(TABLE))
                .as("docs/registry-image-compat.md is what this run saw; bin/registry-image-compat writes it anew")
                .isEqualTo(table);
    }

    static Stream<DifferentialCases.Case> cases() {
        return DifferentialCases.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void bothResourcesGivenTheSameRequest(DifferentialCases.Case c) throws IOException {
        Path caseDir = Files.createDirectories(work.resolve(c.id()));
        Outcome theirs = run(c, Side.REGISTRY_IMAGE, caseDir);
        Outcome mine = run(c, Side.OURS, caseDir);
        List<String> differences = Comparison.differences(c, theirs, mine);

        rows.put(c.id(), CompatTable.row(c, theirs, mine, differences, registries));

        if (c.why() == null) {
            assertThat(differences)
                    .as("registry-image: %s%nours: %s", theirs, mine)
                    .isEmpty();
        } else {
            assertThat(differences)
                    .as("documented as differing by design (%s), so they must differ", c.why())
                    .isNotEmpty();
        }
    }

    /** Copies a folder and everything under it. */
    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    enum Side {
        REGISTRY_IMAGE("ri"),
        OURS("ours");

        final String suffix;

        Side(String suffix) {
            this.suffix = suffix;
        }
    }

    /** What one resource did: exit code, stdout, stderr, the files {@code in} wrote, what {@code out} left. */
    record Outcome(
            String request,
            int exit,
            String stdout,
            String stderr,
            List<String> files,
            Path dir,
            Map<String, String> pushed) {
        JsonNode json() {
            try {
                return stdout.isBlank() ? null : ResourceScripts.JSON.readTree(stdout);
            } catch (IOException e) {
                return null;
            }
        }

        /** The last line a failure printed on stderr, without a logger's decoration. */
        String errorLine() {
            List<String> lines = stderr.lines()
                    .map(l -> l.replaceAll("\u001b\\[[0-9;]*m", "")
                            .replaceFirst("^(ERRO|FATA)\\[\\d+\\] ", "")
                            .strip())
                    .filter(l -> !l.isEmpty())
                    .filter(l -> !l.startsWith("hint:"))
                    .toList();
            List<String> errors =
                    lines.stream().filter(l -> l.startsWith("error:")).toList();
            return errors.isEmpty() ? (lines.isEmpty() ? "" : lines.getLast()) : errors.getFirst();
        }

        @Override
        public String toString() {
            return "exit " + exit + ", stdout " + stdout.strip() + ", stderr " + errorLine() + ", files " + files
                    + ", pushed " + pushed;
        }
    }

    private Outcome run(DifferentialCases.Case c, Side side, Path caseDir) throws IOException {
        Path dir = Files.createDirectories(caseDir.resolve(side.suffix));
        String repository = c.script().equals("out") ? c.outRepository() + "-" + side.suffix : null;
        if (c.script().equals("out")) {
            c.build().accept(dir);
        }
        String request = ResourceScripts.json(c.request().make(registries, repository));
        // as Concourse runs them: check with no argument, in and out with their directory
        String[] args = c.script().equals("check") ? new String[0] : new String[] {dir.toString()};
        List<String> command = new ArrayList<>(List.of(peer.resolve(c.script()).toString()));
        command.addAll(List.of(args));
        ResourceScripts.Run run = side == Side.OURS
                ? ours.run(c.script(), request, args)
                : ResourceScripts.execute(
                        command,
                        Map.of(
                                "TMPDIR",
                                Files.createDirectories(caseDir.resolve("tmp-" + side.suffix))
                                        .toString()),
                        request);
        List<String> files = c.script().equals("in") ? TreeSnapshot.of(dir) : List.of();
        Map<String, String> pushed = new TreeMap<>();
        if (repository != null) {
            pushed.putAll(registries.plain().configDigestsByTag(repository));
            pushed.putAll(registries.auth().configDigestsByTag(repository));
        }
        return new Outcome(request, run.exitCode(), run.stdout(), run.stderr(), files, dir, pushed);
    }

    /** The registries both resources talk to: plain HTTP, basic auth, TLS with a CA of its own. */
    record Registries(Fixture plain, Fixture auth, Fixture tls, int closedPort) implements AutoCloseable {

        static Registries start(Path work) throws IOException {
            Layouts images = new Layouts(new ImageFixtures(Files.createDirectories(work.resolve("images"))));
            Fixture plain = new Fixture(LocalRegistry.start(work, false, false), images);
            Fixture auth = new Fixture(LocalRegistry.start(work, true, false), images);
            Fixture tls = new Fixture(LocalRegistry.startTls(work, false), images);
            int closed;
            try (ServerSocket socket = new ServerSocket(0)) {
                closed = socket.getLocalPort();
            }
            Registries registries = new Registries(plain, auth, tls, closed);
            registries.push();
            DifferentialCases.artifacts = artifacts(images.fixtures(), Files.createDirectories(work.resolve("build")));
            return registries;
        }

        /** The images every case reads: distinct contents, so a wrong pick shows as a wrong digest. */
        private void push() {
            plain.push(1, "rel", "1.0.0");
            plain.push(2, "rel", "1.1.0", "1.1");
            plain.push(3, "rel", "1.2.0-rc.1");
            plain.push(4, "rel", "1.2.0-custom.1");
            plain.push(5, "rel", "1.0.0-alpine", "alpine");
            plain.push(6, "rel", "0.9.0-alpine");
            plain.push(7, "rel", "latest");
            plain.push(8, "rel", "notaversion");
            plain.push(1, "branch", "main-latest");
            plain.push(2, "branch", "feat-x-latest");
            plain.pushCreated(10, "builds", "2024-03-01T00:00:00Z", "build-1");
            plain.pushCreated(11, "builds", "2024-01-01T00:00:00Z", "build-2");
            plain.pushCreated(12, "builds", "2024-02-01T00:00:00Z", "build-3");
            plain.push(1, "builds", "other");
            plain.pushMultiPlatform("multi", "v1");
            auth.push(1, "app", "1.0.0");
            tls.push(1, "app", "1.0.0");
        }

        /**
         * What a put is given: {@code image.tar} (a docker save tar), {@code layout} (an OCI layout of one image) and
         * {@code multi} (an OCI layout whose one entry is a two-platform index).
         */
        private static Path artifacts(ImageFixtures fixtures, Path dir) throws IOException {
            Path layout = fixtures.layout(
                    "out-layout", "v", "amd64", Layouts.CREATED, List.of(new Layer("/out.bin", 4096, 30)));
            copyTree(layout, dir.resolve("layout"));
            ImageFixtures.skopeoCopy("oci:" + layout + ":v", "docker-archive:" + dir.resolve("image.tar") + ":app:v");
            Path multi = fixtures.multiPlatform("out-multi", "index", 50);
            copyTree(multi, dir.resolve("multi"));
            JsonNode index = ResourceScripts.JSON.readTree(
                    dir.resolve("multi/index.json").toFile());
            ArrayNode only = ResourceScripts.JSON.createArrayNode();
            for (JsonNode entry : index.get("manifests")) {
                if (entry.path("annotations")
                        .path("org.opencontainers.image.ref.name")
                        .asText()
                        .equals("index")) {
                    only.add(entry);
                }
            }
            ((ObjectNode) index).set("manifests", only);
            ResourceScripts.JSON.writeValue(dir.resolve("multi/index.json").toFile(), index);
            return dir;
        }

        @Override
        public void close() {
            plain.registry().close();
            auth.registry().close();
            tls.registry().close();
        }
    }

    /**
     * The OCI layouts the images come from, each made once (made again, an image would get a new digest): image
     * {@code n} has one layer of its own and a fixed creation time.
     */
    record Layouts(ImageFixtures fixtures, Map<Integer, Path> made) {
        static final String CREATED = "2023-06-01T00:00:00Z";

        Layouts(ImageFixtures fixtures) {
            this(fixtures, new TreeMap<>());
        }

        Path image(int n, String created) {
            return made.computeIfAbsent(
                    n,
                    k -> fixtures.layout(
                            "image-" + n, "v", "amd64", created, List.of(new Layer("/image-" + n + ".bin", 2048, n))));
        }

        Path multiPlatform() {
            return made.computeIfAbsent(-1, k -> fixtures.multiPlatform("multi", "index", 40));
        }
    }

    /** One registry and the images on it. */
    record Fixture(LocalRegistry registry, Layouts images, Map<String, String> digests) {
        Fixture(LocalRegistry registry, Layouts images) {
            this(registry, images, new LinkedHashMap<>());
        }

        String host() {
            return registry.host();
        }

        /** Image number {@code n} (one layer of its own) pushed as each of {@code tags}. */
        void push(int n, String repository, String... tags) {
            pushCreated(n, repository, Layouts.CREATED, tags);
        }

        void pushCreated(int n, String repository, String created, String... tags) {
            Path layout = images.image(n, created);
            for (String tag : tags) {
                digests.put(
                        repository + ":" + tag, images.fixtures().push(layout, "v", registry, repository, tag, "oci"));
            }
        }

        void pushMultiPlatform(String repository, String tag) {
            digests.put(
                    repository + ":" + tag,
                    images.fixtures().pushAll(images.multiPlatform(), "index", registry, repository, tag));
        }

        String digest(String repositoryAndTag) {
            return digests.get(repositoryAndTag);
        }

        /**
         * Each tag of {@code repository} and the config digest(s) of the image it names: what two pushes of the same
         * image agree on even when their manifests differ (a tar's layers compressed by each tool).
         */
        Map<String, String> configDigestsByTag(String repository) {
            Map<String, String> byTag = new TreeMap<>();
            String list = ImageFixtures.listTags(registry, repository);
            if (list == null) {
                return byTag;
            }
            for (String tag : list.split("\n")) {
                if (!tag.isBlank()) {
                    byTag.put(tag, configs(repository, tag));
                }
            }
            return byTag;
        }

        private String configs(String repository, String reference) {
            try {
                JsonNode manifest =
                        ResourceScripts.JSON.readTree(ImageFixtures.inspectRaw(registry, repository + ":" + reference));
                if (manifest.has("manifests")) {
                    List<String> children = new ArrayList<>();
                    for (JsonNode child : (ArrayNode) manifest.get("manifests")) {
                        JsonNode inner = ResourceScripts.JSON.readTree(ImageFixtures.inspectRaw(
                                registry, repository + "@" + child.get("digest").asText()));
                        children.add(inner.path("config").path("digest").asText());
                    }
                    return "index of " + String.join(", ", children);
                }
                return manifest.path("config").path("digest").asText();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}

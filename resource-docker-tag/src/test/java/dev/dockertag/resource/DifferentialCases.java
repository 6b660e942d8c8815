package dev.dockertag.resource;

import dev.dockertag.resource.RegistryImageDifferentialIT.Fixture;
import dev.dockertag.resource.RegistryImageDifferentialIT.Registries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The requests {@link RegistryImageDifferentialIT} gives both resources: the keys both accept, each mode of check, each
 * format of get, each way of tagging a put, and the bad requests of each. A case with a {@code why} differs by design,
 * for the reason it gives; every other case must come out the same.
 */
final class DifferentialCases {

    private DifferentialCases() {}

    /** The request, made once the registries run; {@code outRepository} is the side's own repository for a put. */
    interface Request {
        Map<String, Object> make(Registries registries, String outRepository);
    }

    /**
     * One request. {@code build} fills a put's build directory; {@code sameBytes}: both push the same manifest bytes
     * (an OCI layout is pushed as it is), so their version digests must match too.
     */
    record Case(
            String id,
            String script,
            String title,
            Request request,
            Consumer<Path> build,
            String outRepository,
            boolean sameBytes,
            String why) {

        @Override
        public String toString() {
            return id + " " + script + ": " + title;
        }
    }

    /**
     * The cases that differed when this test first ran, and the commit that made them the same: each was a bug here,
     * not a choice.
     */
    static final Map<String, String> FIXED_IN = Map.ofEntries(
            Map.entry("c05", "671c75b"), // a source with only a repository was refused
            Map.entry("c06", "671c75b"),
            Map.entry("i10", "671c75b"),
            Map.entry("i01", "671c75b"), // metadata.json: [] where registry-image writes null
            Map.entry("i05", "671c75b"),
            Map.entry("i07", "671c75b"),
            Map.entry("i06", "671c75b"), // params.platform was an unknown key
            Map.entry("o06", "4e112c1"), // params.version was an unknown key
            Map.entry("o07", "4e112c1"),
            Map.entry("o08", "4e112c1"));

    private static final List<Case> CASES = new ArrayList<>();

    static List<Case> all() {
        if (CASES.isEmpty()) {
            checks();
            gets();
            puts();
            badPuts();
        }
        return CASES;
    }

    private static void check(String id, String title, Function<Registries, Map<String, Object>> request, String why) {
        CASES.add(new Case(id, "check", title, (r, repo) -> request.apply(r), dir -> {}, null, false, why));
    }

    private static void get(String id, String title, Function<Registries, Map<String, Object>> request, String why) {
        CASES.add(new Case(id, "in", title, (r, repo) -> request.apply(r), dir -> {}, null, false, why));
    }

    /** A put of the docker save tar. */
    private static void putTar(String id, String title, Request request, String why) {
        put(id, title, build("image.tar"), false, request, why);
    }

    private static void put(
            String id, String title, Consumer<Path> build, boolean sameBytes, Request request, String why) {
        CASES.add(new Case(id, "out", title, request, build, "out/" + id, sameBytes, why));
    }

    private static void checks() {
        check("c01", "tag", r -> req(src(r.plain(), "rel", "tag", "1.0.0")), null);
        check(
                "c02",
                "tag, the current version given",
                r -> req(src(r.plain(), "rel", "tag", "1.0.0"), "version", version(r.plain(), "rel", "1.0.0")),
                null);
        check("c03", "tag that does not exist", r -> req(src(r.plain(), "rel", "tag", "9.9.9")), null);
        check("c04", "tag of a branch image", r -> req(src(r.plain(), "branch", "tag", "main-latest")), null);
        check("c05", "no tag: semver mode", r -> req(src(r.plain(), "rel")), null);
        check(
                "c06",
                "semver mode from a version",
                r -> req(src(r.plain(), "rel"), "version", version(r.plain(), "rel", "1.0.0")),
                null);
        check("c07", "variant", r -> req(src(r.plain(), "rel", "variant", "alpine")), null);
        check("c08", "semver_constraint ~1.1", r -> req(src(r.plain(), "rel", "semver_constraint", "~1.1")), null);
        check("c09", "semver_constraint < 1.1", r -> req(src(r.plain(), "rel", "semver_constraint", "< 1.1")), null);
        check("c10", "pre_releases", r -> req(src(r.plain(), "rel", "pre_releases", true)), null);
        check(
                "c11",
                "pre_release_prefixes",
                r -> req(src(r.plain(), "rel", "pre_releases", true, "pre_release_prefixes", List.of("custom"))),
                null);
        check(
                "c12",
                "tag_regex",
                r -> req(src(r.plain(), "builds", "tag_regex", "^build-")),
                "registry-image keeps the registry's listing order, which registries do not agree on (distribution"
                        + " answers in its directory order); this resource orders the matches naturally (build-9 before"
                        + " build-10), or as source.sort says");
        check(
                "c13",
                "tag_regex with created_at_sort",
                r -> req(src(r.plain(), "builds", "tag_regex", "^build-", "created_at_sort", true)),
                null);
        check(
                "c14",
                "username and password",
                r -> req(src(
                        r.auth(),
                        "app",
                        "tag",
                        "1.0.0",
                        "username",
                        r.auth().registry().username(),
                        "password",
                        r.auth().registry().password())),
                null);
        check(
                "c15",
                "a wrong password",
                r -> req(src(
                        r.auth(),
                        "app",
                        "tag",
                        "1.0.0",
                        "username",
                        r.auth().registry().username(),
                        "password",
                        "wrong")),
                null);
        check(
                "c16",
                "ca_certs",
                r -> req(tlsSrc(
                        r,
                        "tag",
                        "1.0.0",
                        "ca_certs",
                        List.of(r.tls().registry().certificates().caPem()))),
                null);
        check("c17", "a TLS registry without its CA", r -> req(tlsSrc(r, "tag", "1.0.0")), null);
        check(
                "c18",
                "platform arm64 of an index",
                r -> req(src(r.plain(), "multi", "tag", "v1", "platform", map("architecture", "arm64", "os", "linux"))),
                null);
        check("c19", "an unknown source key", r -> req(src(r.plain(), "rel", "tag", "1.0.0", "tags", "x")), null);
        check("c20", "no repository", r -> req(map("tag", "1.0.0")), null);
        check(
                "c21",
                "a registry that is not there",
                r -> req(map("repository", "127.0.0.1:" + r.closedPort() + "/app", "insecure", true, "tag", "1")),
                null);
        check(
                "c22",
                "tag and variant",
                r -> req(src(r.plain(), "rel", "tag", "1.0.0", "variant", "alpine")),
                "registry-image silently ignores the semver keys when a tag is set; this resource refuses the pair,"
                        + " naming both keys, so a source never means less than it says");
        check(
                "c23",
                "tag_regex and semver_constraint",
                r -> req(src(r.plain(), "builds", "tag_regex", "^build-1$", "semver_constraint", "~1")),
                "registry-image lets tag_regex override the semver keys silently; this resource refuses the pair");
        check(
                "c24",
                "insecure registry over plain HTTP, unknown repository",
                r -> req(src(r.plain(), "nothing-here", "tag", "1.0.0")),
                null);
    }

    private static void gets() {
        get(
                "i01",
                "rootfs (the default format)",
                r -> req(src(r.plain(), "rel", "tag", "1.0.0"), "version", version(r.plain(), "rel", "1.0.0")),
                null);
        get("i02", "format: oci", r -> relOneWith(r, "format", "oci"), null);
        get("i03", "format: oci-layout", r -> relOneWith(r, "format", "oci-layout"), null);
        get("i04", "skip_download", r -> relOneWith(r, "skip_download", true), null);
        get(
                "i05",
                "source.platform arm64 of an index",
                r -> req(
                        src(r.plain(), "multi", "tag", "v1", "platform", map("architecture", "arm64")),
                        "version",
                        version(r.plain(), "multi", "v1")),
                null);
        get(
                "i06",
                "params.platform arm64 of an index",
                r -> req(
                        src(r.plain(), "multi", "tag", "v1"),
                        "version",
                        version(r.plain(), "multi", "v1"),
                        "params",
                        map("platform", map("architecture", "arm64"))),
                null);
        get(
                "i07",
                "username and password",
                r -> req(
                        src(
                                r.auth(),
                                "app",
                                "tag",
                                "1.0.0",
                                "username",
                                r.auth().registry().username(),
                                "password",
                                r.auth().registry().password()),
                        "version",
                        version(r.auth(), "app", "1.0.0")),
                null);
        get(
                "i08",
                "a digest the registry does not have",
                r -> req(
                        src(r.plain(), "rel", "tag", "1.0.0"),
                        "version",
                        map("tag", "1.0.0", "digest", "sha256:" + "0".repeat(64))),
                null);
        get("i09", "an unknown params key", r -> relOneWith(r, "formats", "oci"), null);
        get("i11", "no repository", r -> req(map("tag", "1.0.0"), "version", version(r.plain(), "rel", "1.0.0")), null);
        get(
                "i12",
                "a registry that is not there",
                r -> req(
                        map("repository", "127.0.0.1:" + r.closedPort() + "/app", "insecure", true, "tag", "1"),
                        "version",
                        version(r.plain(), "rel", "1.0.0")),
                null);
        get(
                "i10",
                "semver mode version",
                r -> req(src(r.plain(), "rel"), "version", version(r.plain(), "rel", "1.1.0")),
                null);
    }

    private static void puts() {
        putTar(
                "o01",
                "image: a docker save tar, source.tag",
                (r, repo) -> req(src(r.plain(), repo, "tag", "1.0"), "params", map("image", "image/image.tar")),
                null);
        put(
                "o02",
                "image: an OCI layout of one image, source.tag",
                build("layout"),
                true,
                (r, repo) -> req(src(r.plain(), repo, "tag", "1.0"), "params", map("image", "image/layout")),
                "registry-image pushes the layout's index.json as an index around the image, an entry with no"
                        + " platform; this resource pushes the image itself, as it pushes the image of a tar (the"
                        + " config is the same)");
        putTar(
                "o03",
                "additional_tags",
                (r, repo) -> req(
                        src(r.plain(), repo, "tag", "1.0"),
                        "params",
                        map("image", "image/image.tar", "additional_tags", "image/tags")),
                null);
        putTar(
                "o04",
                "additional_tags with tag_prefix, no source.tag",
                (r, repo) -> req(
                        src(r.plain(), repo),
                        "params",
                        map("image", "image/image.tar", "additional_tags", "image/tags", "tag_prefix", "v")),
                null);
        putTar(
                "o05",
                "tag_prefix without additional_tags",
                (r, repo) -> req(
                        src(r.plain(), repo, "tag", "1.0"),
                        "params",
                        map("image", "image/image.tar", "tag_prefix", "v")),
                null);
        putTar(
                "o06",
                "version",
                (r, repo) -> req(src(r.plain(), repo), "params", map("image", "image/image.tar", "version", "1.2.3")),
                null);
        putTar(
                "o07",
                "version with bump_aliases",
                (r, repo) -> req(
                        src(r.plain(), repo),
                        "params",
                        map("image", "image/image.tar", "version", "1.2.3", "bump_aliases", true)),
                null);
        putTar(
                "o08",
                "version with a variant",
                (r, repo) -> req(
                        src(r.plain(), repo, "variant", "alpine"),
                        "params",
                        map("image", "image/image.tar", "version", "1.2.3")),
                null);
        put(
                "o09",
                "an image glob that matches nothing",
                build("layout"),
                true,
                (r, repo) -> req(src(r.plain(), repo, "tag", "1.0"), "params", map("image", "image/*.tgz")),
                null);
        put(
                "o10",
                "nothing to tag",
                build("layout"),
                true,
                (r, repo) -> req(src(r.plain(), repo), "params", map("image", "image/layout")),
                null);
        put(
                "o11",
                "a multi-platform OCI layout",
                build("multi"),
                true,
                (r, repo) -> req(src(r.plain(), repo, "tag", "1.0"), "params", map("image", "image/multi")),
                null);
        putTar(
                "o12",
                "username and password",
                (r, repo) -> req(
                        src(
                                r.auth(),
                                repo,
                                "tag",
                                "1.0",
                                "username",
                                r.auth().registry().username(),
                                "password",
                                r.auth().registry().password()),
                        "params",
                        map("image", "image/image.tar")),
                null);
    }

    private static void badPuts() {
        putTar(
                "o13",
                "an unknown params key",
                (r, repo) ->
                        req(src(r.plain(), repo, "tag", "1.0"), "params", map("image", "image/image.tar", "tags", "x")),
                null);
        putTar(
                "o14",
                "no repository",
                (r, repo) -> req(map("tag", "1.0"), "params", map("image", "image/image.tar")),
                null);
        putTar(
                "o15",
                "a registry that is not there",
                (r, repo) -> req(
                        map("repository", "127.0.0.1:" + r.closedPort() + "/" + repo, "insecure", true, "tag", "1.0"),
                        "params",
                        map("image", "image/image.tar")),
                null);
    }

    // what the build directories hold: made once by the test, copied into each side's directory

    static Path artifacts;

    private static Consumer<Path> build(String what) {
        return dir -> {
            try {
                Path image = Files.createDirectories(dir.resolve("image"));
                Files.writeString(image.resolve("tags"), "a b\n");
                RegistryImageDifferentialIT.copyTree(artifacts.resolve(what), image.resolve(what));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    // request builders

    private static Map<String, Object> req(Object... keyValues) {
        Map<String, Object> request = new LinkedHashMap<>();
        if (keyValues.length == 1) {
            request.put("source", keyValues[0]);
            return request;
        }
        request.put("source", keyValues[0]);
        for (int i = 1; i < keyValues.length; i += 2) {
            request.put((String) keyValues[i], keyValues[i + 1]);
        }
        return request;
    }

    /** An ordered map, so that a request is written the same way every run. */
    private static Map<String, Object> map(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    private static Map<String, Object> src(Fixture registry, String repository, Object... keyValues) {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("repository", registry.host() + "/" + repository);
        source.put("insecure", true);
        for (int i = 0; i < keyValues.length; i += 2) {
            source.put((String) keyValues[i], keyValues[i + 1]);
        }
        return source;
    }

    private static Map<String, Object> tlsSrc(Registries r, Object... keyValues) {
        Map<String, Object> source = src(r.tls(), "app", keyValues);
        source.remove("insecure");
        return source;
    }

    /** A get of rel:1.0.0 from the plain registry, with {@code params}. */
    private static Map<String, Object> relOneWith(Registries r, Object... params) {
        return req(
                src(r.plain(), "rel", "tag", "1.0.0"),
                "version",
                version(r.plain(), "rel", "1.0.0"),
                "params",
                map(params));
    }

    private static Map<String, Object> version(Fixture registry, String repository, String tag) {
        return map("tag", tag, "digest", registry.digest(repository + ":" + tag));
    }
}

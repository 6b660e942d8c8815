package dev.dockertag.reaper.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.dockertag.reaper.plan.UntagMethod;
import dev.dockertag.reaper.provider.TagRemover;
import dev.dockertag.registry.ImageReference;
import dev.dockertag.registry.RegistryClient;
import dev.dockertag.registry.RepositoryClient;
import dev.dockertag.registry.image.Digest;
import dev.dockertag.registry.image.Manifest;
import dev.dockertag.testsupport.Commands;
import dev.dockertag.testsupport.LocalRegistryExtension;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reaper deleting through each provider's own API (GitHub's packages API, ECR's BatchDeleteImage, Docker Hub's,
 * GitLab's and Harbor's), run as a process as a scheduled task runs it. The providers cannot run here: each is a
 * {@link ProviderFake} built from its documentation (docs/reaper.md says which documented behaviour each follows),
 * acting on the real local registry that serves the reads. Each repository holds a kept image ({@code master-latest}),
 * a gone branch's image ({@code feat-gone-latest}: deleted) and a gone branch's tag on the kept image
 * ({@code feat-promo-latest}: only untagged).
 */
class ProviderApiIT {

    @RegisterExtension
    static LocalRegistryExtension registry = LocalRegistryExtension.anonymous();

    static final ProviderFake fake = new ProviderFake();

    @RegisterExtension
    static WireMockExtension api = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().extensions(fake))
            .build();

    private static final Path LAUNCHER =
            Path.of("..", "bin", "reaper").toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    RegistryClient client;
    RepositoryClient repository;
    Digest master;
    Digest gone;
    /** Every call the fake answered: {@code METHOD path}. */
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void tearDown() {
        if (client != null) {
            client.close();
        }
    }

    /** The three images in {@code path} of the local registry, the git remote, and the config naming {@code api}. */
    private Path setUp(String path, String apiName, String extra) throws IOException {
        Upstream upstream = new Upstream(temp.resolve("git"));
        client = RegistryClient.builder().allowPlainHttp(true).build();
        String name = registry.get().host() + "/" + path;
        repository = client.repository(ImageReference.parse(name));
        master = Images.push(repository, "master-latest", "master", upstream.commit("master"), 1);
        gone = Images.push(repository, "feat-gone-latest", "feat/gone", upstream.commit("feat/gone"), 2);
        repository.pushManifest(
                "feat-promo-latest", repository.fetchManifest("master-latest").orElseThrow());
        upstream.deleteBranch("feat/gone");
        api.stubFor(any(anyUrl()).willReturn(aResponse().withTransformers(ProviderFake.NAME)));
        Path config = temp.resolve("reaper.yml");
        Files.writeString(config, """
                git: {uri: %s}
                registry:
                  insecure: true
                  api: %s
                  api_url: http://localhost:%d
                %s
                repositories: [%s]
                main_branch: master
                limits: {max_fraction: 1}
                """.formatted(upstream.uri(), apiName, api.getPort(), extra, name));
        return config;
    }

    private Commands.Result reaper(Map<String, String> environment, String... args) {
        Map<String, String> env = new HashMap<>(environment);
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("PATH", "/usr/bin:/bin");
        env.put("HOME", temp.toString());
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(args));
        return Commands.run(command, temp, env);
    }

    /** {@code reaper apply --yes}, its journal in {@code journals/}, with {@code extra} arguments first. */
    private Commands.Result apply(Map<String, String> environment, Path config, String... extra) {
        List<String> args = new ArrayList<>(List.of("apply", "--yes"));
        args.addAll(List.of(extra));
        args.addAll(List.of(
                "--config",
                config.toString(),
                "--journal-dir",
                temp.resolve("journals").toString()));
        return reaper(environment, args.toArray(String[]::new));
    }

    private Path journal() throws IOException {
        try (Stream<Path> files = Files.list(temp.resolve("journals"))) {
            return files.filter(p -> p.getFileName().toString().startsWith("reaper-journal-"))
                    .findFirst()
                    .orElseThrow();
        }
    }

    private static ResponseDefinition json(int status, Object body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody(body instanceof String s ? s : body.toString())
                .build();
    }

    private static ResponseDefinition status(int status) {
        return aResponse().withStatus(status).build();
    }

    private static String path(Request request) {
        String url = request.getUrl();
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    private static int queryInt(Request request, String name, int otherwise) {
        Matcher m = Pattern.compile("[?&]" + name + "=(\\d+)").matcher(request.getUrl());
        return m.find() ? Integer.parseInt(m.group(1)) : otherwise;
    }

    /** Every tag of the local repository by digest, as a provider lists its images. */
    private Map<Digest, List<String>> tagsByDigest() {
        Map<Digest, List<String>> byDigest = new LinkedHashMap<>();
        Images.tags(repository)
                .forEach((tag, digest) ->
                        byDigest.computeIfAbsent(digest, d -> new ArrayList<>()).add(tag));
        return byDigest;
    }

    /** A tag alone removed from the local registry (distribution 2.8 has no tag delete), as a provider does it. */
    private void removeTag(String tag) {
        Manifest now = repository.fetchManifest(tag).orElseThrow();
        assertThat(TagRemover.untag(repository, tag, now.mediaType(), UntagMethod.DUMMY_MANIFEST))
                .isEmpty();
    }

    // --- GitHub's packages API

    /**
     * GitHub's documented behaviour: versions listed per page with a {@code Link} header (this fake pages by 1 to make
     * pagination happen), each named by its digest with its tags in {@code metadata.container.tags}; DELETE of a
     * version answers 204; {@code POST .../restore} brings a deleted version back; a bearer token is required.
     */
    private final class Ghcr {
        final String token = "ghp_fakeTokenForTheGhcrFake0123456789";
        final Map<Digest, Integer> ids = new LinkedHashMap<>();
        final Map<Integer, Map.Entry<Manifest, List<String>>> trash = new HashMap<>();
        final List<Digest> deleted = new ArrayList<>();
        final AtomicInteger rateLimitedDeletes = new AtomicInteger();
        Digest undeletable;
        /** {@code orgs} or {@code users}: who owns the package (the other path answers 404, as GitHub's does). */
        String owner = "orgs";

        int id(Digest digest) {
            return ids.computeIfAbsent(digest, d -> 1000 + ids.size());
        }

        ResponseDefinition answer(Request request) {
            calls.add(request.getMethod() + " " + request.getUrl());
            if (!("Bearer " + token).equals(request.getHeader("Authorization"))) {
                return json(401, "{\"message\":\"Bad credentials\"}");
            }
            String path = path(request);
            String base = "/" + owner + "/acme/packages/container/app/versions";
            if (!path.startsWith(base)) {
                return json(404, "{\"message\":\"Package not found.\"}");
            }
            String rest = path.substring(base.length());
            String method = request.getMethod().getName();
            if (method.equals("GET") && rest.isEmpty()) {
                List<Map.Entry<Digest, List<String>>> versions =
                        new ArrayList<>(tagsByDigest().entrySet());
                int perPage = Math.min(1, queryInt(request, "per_page", 30));
                int page = queryInt(request, "page", 1);
                ArrayNode list = JSON.createArrayNode();
                versions.stream()
                        .skip((long) (page - 1) * perPage)
                        .limit(perPage)
                        .forEach(v -> {
                            ObjectNode version = list.addObject();
                            version.put("id", id(v.getKey()));
                            version.put("name", v.getKey().toString());
                            version.putObject("metadata")
                                    .put("package_type", "container")
                                    .putObject("container")
                                    .putPOJO("tags", v.getValue());
                        });
                var response = aResponse().withStatus(200).withHeader("Content-Type", "application/json");
                if (page * perPage < versions.size()) {
                    response.withHeader(
                            "Link",
                            "<http://localhost:" + api.getPort() + base + "?per_page=" + perPage + "&page=" + (page + 1)
                                    + ">; rel=\"next\"");
                }
                return response.withBody(list.toString()).build();
            }
            Matcher version = Pattern.compile("/(\\d+)(/restore)?").matcher(rest);
            if (!version.matches()) {
                return json(404, "{\"message\":\"Not Found\"}");
            }
            int id = Integer.parseInt(version.group(1));
            if (method.equals("POST") && version.group(2) != null) {
                Map.Entry<Manifest, List<String>> back = trash.remove(id);
                if (back == null) {
                    return json(404, "{\"message\":\"Package version not found.\"}");
                }
                repository.pushManifest(back.getKey().digest().toString(), back.getKey());
                back.getValue().forEach(tag -> repository.pushManifest(tag, back.getKey()));
                return status(204);
            }
            if (method.equals("DELETE") && version.group(2) == null) {
                Digest digest = ids.entrySet().stream()
                        .filter(e -> e.getValue() == id)
                        .map(Map.Entry::getKey)
                        .findFirst()
                        .orElse(null);
                if (digest == null
                        || repository.fetchManifest(digest.toString()).isEmpty()) {
                    return json(404, "{\"message\":\"Package version not found.\"}");
                }
                if (rateLimitedDeletes.getAndIncrement() == 0) {
                    return aResponse()
                            .withStatus(429)
                            .withHeader("Retry-After", "1")
                            .withBody("{\"message\":\"You have exceeded a secondary rate limit.\"}")
                            .build();
                }
                if (digest.equals(undeletable)) {
                    return json(
                            400,
                            "{\"message\":\"Publicly visible package versions with more than 5000"
                                    + " downloads cannot be deleted. Contact GitHub support for further assistance.\"}");
                }
                List<String> tags = tagsByDigest().getOrDefault(digest, List.of());
                trash.put(
                        id,
                        Map.entry(repository.fetchManifest(digest.toString()).orElseThrow(), tags));
                repository.deleteManifest(digest);
                deleted.add(digest);
                return status(204);
            }
            return json(404, "{\"message\":\"Not Found\"}");
        }
    }

    @Test
    void ghcrDeletesPackageVersionsWaitsOutARateLimitAndUndoRestoresThem() throws IOException {
        Path config = setUp("acme/app", "ghcr", "");
        Ghcr ghcr = new Ghcr();
        fake.answer(ghcr::answer);
        Map<String, String> env = Map.of("GITHUB_TOKEN", ghcr.token);

        Commands.Result plan = reaper(env, "plan", "--config", config.toString());
        assertThat(plan.exitCode()).as(plan.stderr()).isZero();
        assertThat(plan.stdout())
                .contains("deletion: GitHub's packages API: each doomed manifest's package version deleted (2"
                        + " versions listed at http://localhost:" + api.getPort()
                        + "/orgs/acme/packages/container/app/versions)")
                .contains("undo: restores the package versions through GitHub (for 30 days)");
        assertThat(Images.tags(repository)).containsOnlyKeys("master-latest", "feat-gone-latest", "feat-promo-latest");

        Commands.Result apply = apply(env, config);
        assertThat(apply.exitCode()).as(apply.stderr()).isZero();
        assertThat(Images.tags(repository)).containsExactly(Map.entry("master-latest", master));
        // the doomed image's version, and the throwaway the promoted tag was moved onto
        assertThat(ghcr.deleted).hasSize(2).startsWith(gone);
        assertThat(repository.fetchManifest(gone.toString())).isEmpty();
        assertThat(calls.stream()
                        .filter(c ->
                                c.equals("DELETE /orgs/acme/packages/container/app/versions/" + ghcr.ids.get(gone))))
                .as("the 429 waited out, then the same DELETE")
                .hasSize(2);
        assertThat(calls).anyMatch(c -> c.contains("&page=2"));
        assertThat(apply.stdout() + apply.stderr()).doesNotContain(ghcr.token);
        assertThat(Files.readString(journal()))
                .contains("\"api\" : \"ghcr\"")
                .contains("\"" + gone + "\" : \"" + ghcr.ids.get(gone) + "\"")
                .doesNotContain(ghcr.token);

        Commands.Result undo =
                reaper(env, "undo", "--config", config.toString(), journal().toString());
        assertThat(undo.exitCode()).as(undo.stderr()).isZero();
        assertThat(undo.stdout()).contains("restored version " + ghcr.ids.get(gone) + " (" + gone + ")");
        assertThat(calls)
                .contains("POST /orgs/acme/packages/container/app/versions/" + ghcr.ids.get(gone) + "/restore");
        assertThat(Images.tags(repository))
                .containsEntry("feat-gone-latest", gone)
                .containsEntry("feat-promo-latest", master)
                .containsEntry("master-latest", master);
    }

    @Test
    void aGhcrVersionGithubWillNotDeleteIsLeftAndNamedWhileTheRestGoes() throws IOException {
        Path config = setUp("acme/app", "ghcr", "");
        Ghcr ghcr = new Ghcr();
        ghcr.undeletable = gone;
        ghcr.rateLimitedDeletes.set(1); // no rate limit here
        fake.answer(ghcr::answer);

        Commands.Result apply = apply(Map.of("GITHUB_TOKEN", ghcr.token), config);

        assertThat(apply.exitCode()).isNotZero();
        assertThat(apply.stderr())
                .contains("could not delete " + registry.get().host() + "/acme/app:feat-gone-latest (" + gone + ")")
                .contains("more than 5000 downloads cannot be deleted")
                .contains("1 tag could not be removed");
        assertThat(Images.tags(repository))
                .containsOnlyKeys("master-latest", "feat-gone-latest")
                .containsEntry("master-latest", master);
    }

    @Test
    void aPackageAUserOwnsIsFoundAfterTheOrganisationPathAnswers404() throws IOException {
        Path config = setUp("acme/app", "ghcr", "");
        Ghcr ghcr = new Ghcr();
        ghcr.owner = "users";
        ghcr.rateLimitedDeletes.set(1);
        fake.answer(ghcr::answer);

        Commands.Result apply = apply(Map.of("GITHUB_TOKEN", ghcr.token), config);

        assertThat(apply.exitCode()).as(apply.stderr()).isZero();
        assertThat(apply.stdout()).contains("versions listed at http://localhost:" + api.getPort() + "/users/acme/");
        assertThat(calls).contains("GET /orgs/acme/packages/container/app/versions?per_page=1");
        assertThat(calls).contains("DELETE /users/acme/packages/container/app/versions/" + ghcr.ids.get(gone));
        assertThat(Images.tags(repository)).containsExactly(Map.entry("master-latest", master));
    }

    @Test
    void withoutATokenGhcrCannotDeleteAndThePlanSaysWhy() throws IOException {
        Path config = setUp("acme/app", "ghcr", "");
        fake.answer(new Ghcr()::answer);

        Commands.Result apply = apply(Map.of(), config);

        assertThat(apply.exitCode()).isEqualTo(2);
        assertThat(apply.stdout())
                .contains("cannot delete: GitHub's packages API needs a token: registry.api_token, or GITHUB_TOKEN");
        assertThat(Images.tags(repository)).hasSize(3);
        assertThat(calls).isEmpty();
    }

    // --- ECR

    /**
     * ECR's documented BatchDeleteImage (JSON 1.1, {@code X-Amz-Target: AmazonEC2ContainerRegistry_V20150921
     * .BatchDeleteImage}): at most 100 image ids a call; each deleted by digest with all its tags, listed in
     * {@code imageIds}; one that cannot be is a {@code failures} entry with a code and reason, the call still 200.
     */
    @Test
    void ecrDeletesAHundredImagesACallReadsItsFailuresAndOnlyWithIrreversible() throws IOException {
        Path config = setUp("acme/app", "ecr", "");
        List<Digest> doomed = new ArrayList<>(List.of(gone));
        for (int i = 1; i <= 100; i++) {
            doomed.add(
                    Images.push(repository, "feat-old-" + i + "-latest", "feat/old-" + i, "0".repeat(39) + i % 10, 3));
        }
        Digest refused = doomed.get(50);
        List<Integer> batches = Collections.synchronizedList(new ArrayList<>());
        fake.answer(request -> {
            calls.add(request.getMethod() + " " + request.getUrl());
            if (!String.valueOf(request.getHeader("X-Amz-Target")).endsWith(".BatchDeleteImage")) {
                return json(400, "{\"__type\":\"UnknownOperationException\"}");
            }
            JsonNode body;
            try {
                body = JSON.readTree(request.getBodyAsString());
            } catch (IOException e) {
                return json(400, "{\"__type\":\"SerializationException\"}");
            }
            if (!body.path("repositoryName").asText().equals("acme/app")
                    || body.path("imageIds").size() > 100) {
                return json(400, "{\"__type\":\"InvalidParameterException\",\"message\":\"bad request\"}");
            }
            batches.add(body.path("imageIds").size());
            ObjectNode answer = JSON.createObjectNode();
            ArrayNode ids = answer.putArray("imageIds");
            ArrayNode failures = answer.putArray("failures");
            for (JsonNode id : body.path("imageIds")) {
                Digest digest = Digest.parse(id.path("imageDigest").asText());
                if (digest.equals(refused)) {
                    failures.addObject()
                            .<ObjectNode>set("imageId", id.deepCopy())
                            .put("failureCode", "ImageReferencedByManifestList")
                            .put("failureReason", "Requested image referenced by manifest list");
                } else if (repository.fetchManifest(digest.toString()).isEmpty()) {
                    failures.addObject()
                            .<ObjectNode>set("imageId", id.deepCopy())
                            .put("failureCode", "ImageNotFound")
                            .put("failureReason", "Requested image not found");
                } else {
                    repository.deleteManifest(digest);
                    ids.add(id.deepCopy());
                }
            }
            return aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/x-amz-json-1.1")
                    .withBody(answer.toString())
                    .build();
        });
        Map<String, String> env = Map.of(
                "AWS_ENDPOINT_URL_ECR", "http://localhost:" + api.getPort(),
                "AWS_REGION", "eu-west-1",
                "AWS_ACCESS_KEY_ID", "AKIAFAKEFORTHEECRFAKE",
                "AWS_SECRET_ACCESS_KEY", "fakeSecretForTheEcrFake0123456789abcdefgh");

        Commands.Result refusedRun = apply(env, config);
        assertThat(refusedRun.exitCode()).isNotZero();
        assertThat(refusedRun.stdout()).contains("undo: cannot restore here (ECR keeps no deleted image");
        assertThat(refusedRun.stderr())
                .contains("refusing to apply, nothing was deleted: reaper undo could not put these deletions back")
                .contains("--irreversible REPOSITORY");
        assertThat(calls).isEmpty();
        assertThat(Images.tags(repository)).hasSize(103);

        String name = registry.get().host() + "/acme/app";
        Commands.Result apply = apply(env, config, "--irreversible", name);

        assertThat(apply.exitCode()).isNotZero();
        assertThat(batches)
                .as("100 images, then the last one, then the promoted tag's throwaway")
                .containsExactly(100, 1, 1);
        assertThat(apply.stderr())
                .contains("ECR: ImageReferencedByManifestList: Requested image referenced by manifest list")
                .contains("1 tag could not be removed")
                .doesNotContain("fakeSecretForTheEcrFake");
        assertThat(Images.tags(repository)).containsOnlyKeys("master-latest", "feat-old-50-latest");
        assertThat(Images.tags(repository)).containsEntry("master-latest", master);
    }

    // --- Docker Hub

    /**
     * Docker Hub's documented API: {@code POST /v2/auth/token} with {@code identifier} and {@code secret} gives an
     * {@code access_token} that "expires in 10 minutes" (this fake's lasts two calls); a tag is deleted with
     * {@code DELETE /v2/repositories/NAMESPACE/NAME/tags/TAG/}, and the manifest stays, untagged.
     */
    @Test
    void dockerHubDeletesTagsLogsInAgainWhenItsTokenExpiresAndUndoPutsTheTagsBack() throws IOException {
        Path config = setUp("acme/app", "dockerhub", "  username: acme-bot\n  password: ${HUB_TOKEN}");
        String secret = "dckr_pat_fakeHubTokenForTheFake0123";
        AtomicInteger logins = new AtomicInteger();
        AtomicInteger uses = new AtomicInteger();
        fake.answer(request -> {
            calls.add(request.getMethod() + " " + request.getUrl());
            if (path(request).equals("/v2/auth/token")
                    && request.getMethod().getName().equals("POST")) {
                JsonNode body;
                try {
                    body = JSON.readTree(request.getBodyAsString());
                } catch (IOException e) {
                    return json(400, "{}");
                }
                if (!body.path("identifier").asText().equals("acme-bot")
                        || !body.path("secret").asText().equals(secret)) {
                    return json(401, "{\"detail\":\"Incorrect authentication credentials\"}");
                }
                uses.set(0);
                return json(200, "{\"access_token\":\"hub-jwt-" + logins.incrementAndGet() + "-fakeAccessToken\"}");
            }
            if (!("Bearer hub-jwt-" + logins.get() + "-fakeAccessToken").equals(request.getHeader("Authorization"))
                    || uses.incrementAndGet() > 2) {
                return json(401, "{\"detail\":\"Token has expired\"}");
            }
            Matcher tag = Pattern.compile("/v2/repositories/acme/app/(?:tags/([^/]+)/)?")
                    .matcher(path(request));
            if (!tag.matches()) {
                return json(404, "{\"message\":\"object not found\"}");
            }
            if (tag.group(1) == null) {
                return json(200, "{\"namespace\":\"acme\",\"name\":\"app\"}");
            }
            String name = URLDecoder.decode(tag.group(1), StandardCharsets.UTF_8);
            if (repository.resolve(name).isEmpty()) {
                return json(404, "{\"message\":\"tag not found\"}");
            }
            removeTag(name);
            return status(204);
        });
        Map<String, String> env = Map.of("HUB_TOKEN", secret);

        Commands.Result apply = apply(env, config);

        assertThat(apply.exitCode()).as(apply.stderr()).isZero();
        assertThat(apply.stdout())
                .contains("deletion: Docker Hub's API: each doomed tag deleted (Hub keeps the manifest");
        assertThat(Images.tags(repository)).containsExactly(Map.entry("master-latest", master));
        assertThat(repository.fetchManifest(gone.toString()))
                .as("Hub keeps it, untagged")
                .isPresent();
        assertThat(logins.get())
                .as("a login, then another when the token expired")
                .isGreaterThanOrEqualTo(2);
        assertThat(apply.stdout() + apply.stderr()).doesNotContain(secret).doesNotContain("fakeAccessToken");

        Commands.Result undo =
                reaper(env, "undo", "--config", config.toString(), journal().toString());
        assertThat(undo.exitCode()).as(undo.stderr()).isZero();
        assertThat(Images.tags(repository))
                .containsEntry("feat-gone-latest", gone)
                .containsEntry("feat-promo-latest", master);
    }

    // --- GitLab

    /**
     * GitLab's documented container registry API: a project by its URL-encoded path, its registry repositories listed
     * per page ({@code Link} header; this fake pages by 1), each with its {@code id} and {@code path}; a tag deleted
     * with {@code DELETE /projects/:id/registry/repositories/:repository_id/tags/:tag_name}; a {@code PRIVATE-TOKEN}
     * header.
     */
    @Test
    void gitLabFindsTheProjectAndRepositoryAcrossPagesAndDeletesTags() throws IOException {
        Path config = setUp("acme/app/base", "gitlab", "");
        String token = "glpat-fakeTokenForTheGitLabFake01";
        fake.answer(request -> {
            calls.add(request.getMethod() + " " + request.getUrl());
            if (!token.equals(request.getHeader("PRIVATE-TOKEN"))) {
                return json(401, "{\"message\":\"401 Unauthorized\"}");
            }
            String path = path(request);
            if (path.equals("/api/v4/projects/acme%2Fapp")) {
                return json(200, "{\"id\":7,\"path_with_namespace\":\"acme/app\"}");
            }
            if (path.equals("/api/v4/projects/7/registry/repositories")) {
                int page = queryInt(request, "page", 1);
                String[] repositories = {
                    "{\"id\":3,\"path\":\"acme/app/other\"}", "{\"id\":11,\"path\":\"acme/app/base\"}"
                };
                var response = aResponse().withStatus(200).withHeader("Content-Type", "application/json");
                if (page < repositories.length) {
                    response.withHeader(
                            "Link",
                            "<http://localhost:" + api.getPort() + path + "?per_page=1&page=" + (page + 1)
                                    + ">; rel=\"next\"");
                }
                return response.withBody("[" + repositories[page - 1] + "]").build();
            }
            Matcher tag = Pattern.compile("/api/v4/projects/7/registry/repositories/11/tags/(.+)")
                    .matcher(path);
            if (tag.matches() && request.getMethod().getName().equals("DELETE")) {
                String name = URLDecoder.decode(tag.group(1), StandardCharsets.UTF_8);
                if (repository.resolve(name).isEmpty()) {
                    return json(404, "{\"message\":\"404 Tag Not Found\"}");
                }
                removeTag(name);
                return status(200);
            }
            return json(404, "{\"message\":\"404 Project Not Found\"}");
        });

        Commands.Result apply = apply(Map.of("GITLAB_TOKEN", token), config);

        assertThat(apply.exitCode()).as(apply.stderr()).isZero();
        assertThat(apply.stdout())
                .contains("GitLab's container registry API: each doomed tag deleted at http://localhost:"
                        + api.getPort() + "/api/v4/projects/7/registry/repositories/11");
        assertThat(calls).contains("GET /api/v4/projects/acme%2Fapp%2Fbase");
        assertThat(Images.tags(repository)).containsExactly(Map.entry("master-latest", master));
        assertThat(apply.stdout() + apply.stderr()).doesNotContain(token);
    }

    // --- Harbor

    /**
     * Harbor's documented artifacts API: {@code /api/v2.0/projects/PROJECT/repositories/REPOSITORY} with the repository
     * name URL-encoded twice; an artifact deleted by digest with all its tags, a tag alone with {@code DELETE
     * .../artifacts/DIGEST/tags/TAG}; basic authentication.
     */
    @Test
    void harborDeletesArtifactsByDigestAndTagsAlone() throws IOException {
        Path config = setUp("acme/team/app", "harbor", "  username: robot$reaper\n  password: ${HARBOR_PASSWORD}");
        String password = "fakeHarborRobotSecret0123456789";
        String basic = "Basic "
                + Base64.getEncoder().encodeToString(("robot$reaper:" + password).getBytes(StandardCharsets.UTF_8));
        List<String> removedTags = new ArrayList<>();
        fake.answer(request -> {
            calls.add(request.getMethod() + " " + request.getUrl());
            if (!basic.equals(request.getHeader("Authorization"))) {
                return json(401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}");
            }
            String base = "/api/v2.0/projects/acme/repositories/team%252Fapp";
            String path = path(request);
            if (path.equals(base)) {
                return json(200, "{\"name\":\"acme/team/app\"}");
            }
            Matcher artifact = Pattern.compile(Pattern.quote(base) + "/artifacts/(sha256:[0-9a-f]{64})(?:/tags/(.+))?")
                    .matcher(path);
            if (!artifact.matches() || !request.getMethod().getName().equals("DELETE")) {
                return json(404, "{\"errors\":[{\"code\":\"NOT_FOUND\"}]}");
            }
            Digest digest = Digest.parse(artifact.group(1));
            if (repository.fetchManifest(digest.toString()).isEmpty()) {
                return json(404, "{\"errors\":[{\"code\":\"NOT_FOUND\"}]}");
            }
            if (artifact.group(2) != null) {
                String tag = URLDecoder.decode(artifact.group(2), StandardCharsets.UTF_8);
                removeTag(tag);
                removedTags.add(tag);
            } else {
                repository.deleteManifest(digest);
            }
            return status(200);
        });

        Commands.Result apply = apply(Map.of("HARBOR_PASSWORD", password), config);

        assertThat(apply.exitCode()).as(apply.stderr()).isZero();
        assertThat(removedTags).containsExactly("feat-promo-latest");
        assertThat(calls).contains("DELETE /api/v2.0/projects/acme/repositories/team%252Fapp/artifacts/" + gone);
        assertThat(Images.tags(repository)).containsExactly(Map.entry("master-latest", master));
        assertThat(repository.fetchManifest(gone.toString())).isEmpty();
        assertThat(apply.stdout() + apply.stderr()).doesNotContain(password);
    }
}

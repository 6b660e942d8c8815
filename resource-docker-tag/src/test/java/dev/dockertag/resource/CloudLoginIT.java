package dev.dockertag.resource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.dockertag.resource.ResourceScripts.request;
import static dev.dockertag.resource.ResourceScripts.version;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.dockertag.testsupport.ImageFixtures;
import dev.dockertag.testsupport.LocalRegistry;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Cloud registries' logins, with the packaged scripts as Concourse runs them: the cloud's token services are WireMock
 * fakes (what cannot run here), and the registry their credentials open is the real local one, whose only htpasswd user
 * is what the cloud login ends in: ECR's {@code AWS}, ACR's all-zero user with the exchanged refresh token. GAR's
 * {@code _json_key} goes through a fake registry's token flow.
 */
class CloudLoginIT {

    @RegisterExtension
    static WireMockExtension cloud = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    @TempDir
    Path work;

    LocalRegistry registry;
    ImageFixtures fixtures;
    Path layout;

    @BeforeEach
    void fixtures() {
        fixtures = new ImageFixtures(work);
        layout = fixtures.layout("img", "v", List.of(new ImageFixtures.Layer("/x.bin", 2048, 7)));
    }

    @AfterEach
    void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    private Map<String, String> awsEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_ENDPOINT_URL_ECR", cloud.baseUrl());
        env.put("AWS_ENDPOINT_URL_STS", cloud.baseUrl());
        env.put("AWS_CONFIG_FILE", work.resolve("no-aws-config").toString());
        env.put(
                "AWS_SHARED_CREDENTIALS_FILE",
                work.resolve("no-aws-credentials").toString());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        return env;
    }

    private void ecrGivesPassword(String password) {
        String token = Base64.getEncoder().encodeToString(("AWS:" + password).getBytes(StandardCharsets.UTF_8));
        cloud.stubFor(post(urlPathEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"authorizationData\":[{\"authorizationToken\":\"" + token
                                + "\",\"expiresAt\":1.9E9,"
                                + "\"proxyEndpoint\":\"https://123456789012.dkr.ecr.eu-west-1.amazonaws.com\"}]}")));
    }

    private void stsAssumes(String role, String keyId, String secret, String sessionToken) {
        cloud.stubFor(post(urlPathEqualTo("/"))
                .withRequestBody(containing("Action=AssumeRole"))
                .withRequestBody(containing("RoleArn=" + URLEncoder.encode(role, StandardCharsets.UTF_8)))
                .willReturn(aResponse().withHeader("Content-Type", "text/xml").withBody("""
                        <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
                          <AssumeRoleResult>
                            <Credentials>
                              <AccessKeyId>%s</AccessKeyId>
                              <SecretAccessKey>%s</SecretAccessKey>
                              <SessionToken>%s</SessionToken>
                              <Expiration>2030-01-01T00:00:00Z</Expiration>
                            </Credentials>
                            <AssumedRoleUser><Arn>%s</Arn><AssumedRoleId>AROA:dt</AssumedRoleId></AssumedRoleUser>
                          </AssumeRoleResult>
                          <ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata>
                        </AssumeRoleResponse>
                        """.formatted(
                                keyId, secret, sessionToken, role))));
    }

    private Map<String, Object> ecrSource(Object... keyValues) {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("repository", registry.host() + "/acme/app");
        source.put("insecure", true);
        source.put("aws_region", "eu-west-1");
        for (int i = 0; i < keyValues.length; i += 2) {
            source.put((String) keyValues[i], keyValues[i + 1]);
        }
        return source;
    }

    /** check, in and out with {@code source}: the image pushed by skopeo is found and fetched, then one is pushed. */
    private String checkGetPut(ResourceScripts scripts, Map<String, Object> source, String pushedDigest)
            throws IOException {
        ResourceScripts.Run check =
                scripts.run("check", request("source", source)).requireSuccess();
        assertThat(check.json().toString())
                .isEqualTo("[{\"tag\":\"main-latest\",\"digest\":\"" + pushedDigest + "\"}]");
        Path got = Files.createDirectories(work.resolve("got"));
        scripts.run("in", request("source", source, "version", version("main-latest", pushedDigest)), got.toString())
                .requireSuccess();
        assertThat(got.resolve("digest")).hasContent(pushedDigest);
        Path build = Files.createDirectories(work.resolve("build"));
        ImageFixtures.skopeoCopy("oci:" + layout + ":v", "oci:" + build.resolve("image") + ":latest");
        Map<String, Object> feature = new LinkedHashMap<>(source);
        feature.put("branch", "feat/cloud");
        ResourceScripts.Run out = scripts.run(
                        "out", request("source", feature, "params", Map.of("image", "image")), build.toString())
                .requireSuccess();
        return check.stderr() + out.stderr();
    }

    @Test
    void ecrWithStaticKeysChecksGetsAndPuts() throws IOException {
        registry = LocalRegistry.startWithUser(work, "AWS", "ecr-password-1f2e3d");
        String digest = fixtures.push(layout, "v", registry, "acme/app", "main-latest", "oci");
        ecrGivesPassword("ecr-password-1f2e3d");
        ResourceScripts scripts = new ResourceScripts(work).withEnvironment(awsEnvironment());

        String logs = checkGetPut(
                scripts,
                ecrSource(
                        "branch",
                        "main",
                        "aws_access_key_id",
                        "AKIAEXAMPLEKEY",
                        "aws_secret_access_key",
                        "wJalrXUtnFEMI-secret",
                        "aws_session_token",
                        "static-session-token"),
                digest);

        List<LoggedRequest> ecr = cloud.findAll(postRequestedFor(urlPathEqualTo("/")));
        assertThat(ecr).hasSize(3); // one login per process: check, in, out
        assertThat(ecr.get(0).getHeader("Authorization")).contains("Credential=AKIAEXAMPLEKEY/");
        assertThat(ecr.get(0).getHeader("X-Amz-Security-Token")).isEqualTo("static-session-token");
        assertThat(ImageFixtures.inspectRaw(registry, "acme/app:feat-cloud-latest"))
                .contains("\"layers\"");
        assertThat(logs).doesNotContain("wJalrXUtnFEMI-secret", "static-session-token", "ecr-password-1f2e3d", "SLF4J");
    }

    @Test
    void ecrThroughATwoRoleChainChecksGetsAndPutsSigningEachCallWithThePreviousCredentials() throws IOException {
        registry = LocalRegistry.startWithUser(work, "AWS", "ecr-password-chain");
        String digest = fixtures.push(layout, "v", registry, "acme/app", "main-latest", "oci");
        ecrGivesPassword("ecr-password-chain");
        String first = "arn:aws:iam::111111111111:role/hop";
        String second = "arn:aws:iam::123456789012:role/ecr-pull";
        stsAssumes(first, "ASIAFIRSTHOP", "first-secret", "first-token");
        stsAssumes(second, "ASIASECONDHOP", "second-secret", "second-token");
        ResourceScripts scripts = new ResourceScripts(work).withEnvironment(awsEnvironment());

        checkGetPut(
                scripts,
                ecrSource(
                        "branch",
                        "main",
                        "aws_access_key_id",
                        "AKIABASEKEY",
                        "aws_secret_access_key",
                        "base-secret",
                        "aws_role_arns",
                        List.of(first, second)),
                digest);

        List<LoggedRequest> calls = cloud.findAll(postRequestedFor(urlPathEqualTo("/")));
        assertThat(calls).hasSize(9); // two roles and the token, in each of check, in and out
        assertThat(calls.get(0).getBodyAsString())
                .contains("RoleArn=" + URLEncoder.encode(first, StandardCharsets.UTF_8));
        assertThat(calls.get(0).getHeader("Authorization")).contains("Credential=AKIABASEKEY/");
        assertThat(calls.get(1).getHeader("Authorization")).contains("Credential=ASIAFIRSTHOP/");
        assertThat(calls.get(1).getHeader("X-Amz-Security-Token")).isEqualTo("first-token");
        assertThat(calls.get(2).getHeader("X-Amz-Target")).endsWith("GetAuthorizationToken");
        assertThat(calls.get(2).getHeader("Authorization")).contains("Credential=ASIASECONDHOP/");
        assertThat(calls.get(2).getHeader("X-Amz-Security-Token")).isEqualTo("second-token");
    }

    /**
     * An ACR in front of the real registry: its /oauth2/exchange (faked) trades {@code entraToken} for {@code refresh},
     * the password of the registry's all-zero user; the real registry serves the rest.
     */
    private Map<String, Object> acrRegistry(String entraToken, String refresh, String clientId, String tenant) {
        cloud.stubFor(post(urlPathEqualTo("/oauth2/exchange"))
                .withRequestBody(containing("grant_type=access_token"))
                .withRequestBody(containing("access_token=" + entraToken))
                .withRequestBody(containing("tenant=" + tenant))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"refresh_token\":\"" + refresh + "\"}")));
        cloud.stubFor(any(urlMatching("/v2/.*")).willReturn(aResponse().proxiedFrom(registry.url())));
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("repository", "localhost:" + cloud.getPort() + "/acme/app");
        source.put("insecure", true);
        source.put("branch", "main");
        source.put("azure_acr", true);
        source.put("azure_client_id", clientId);
        source.put("azure_tenant_id", tenant);
        return source;
    }

    @Test
    void acrWithAManagedIdentityExchangesItsTokenAndChecksGetsAndPuts() throws IOException {
        String refresh = "acr-refresh-token-9c8b7a";
        registry = LocalRegistry.startWithUser(work, "00000000-0000-0000-0000-000000000000", refresh);
        String digest = fixtures.push(layout, "v", registry, "acme/app", "main-latest", "oci");
        cloud.stubFor(get(urlPathEqualTo("/msi/token"))
                .withHeader("X-IDENTITY-HEADER", equalTo("id-header"))
                .withQueryParam("resource", equalTo("https://management.azure.com/"))
                .withQueryParam("client_id", equalTo("11111111-2222-3333-4444-555555555555"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"access_token\":\"entra-access-token\",\"expires_on\":\"1900000000\"}")));
        Map<String, Object> source =
                acrRegistry("entra-access-token", refresh, "11111111-2222-3333-4444-555555555555", "tenant-1");
        ResourceScripts scripts = new ResourceScripts(work)
                .withEnvironment(
                        Map.of("IDENTITY_ENDPOINT", cloud.baseUrl() + "/msi/token", "IDENTITY_HEADER", "id-header"));

        String logs = checkGetPut(scripts, source, digest);

        assertThat(cloud.findAll(postRequestedFor(urlPathEqualTo("/oauth2/exchange"))))
                .hasSize(3);
        assertThat(ImageFixtures.inspectRaw(registry, "acme/app:feat-cloud-latest"))
                .contains("\"layers\"");
        assertThat(logs).doesNotContain("entra-access-token", refresh);
    }

    @Test
    void acrWithClientCredentialsAsksEntraIdForTheTenantsToken() {
        String refresh = "acr-refresh-token-client";
        registry = LocalRegistry.startWithUser(work, "00000000-0000-0000-0000-000000000000", refresh);
        String digest = fixtures.push(layout, "v", registry, "acme/app", "main-latest", "oci");
        cloud.stubFor(post(urlPathEqualTo("/tenant-2/oauth2/v2.0/token"))
                .withRequestBody(containing("grant_type=client_credentials"))
                .withRequestBody(containing("client_id=client-2"))
                .withRequestBody(containing("client_secret=client-secret-2"))
                .withRequestBody(containing("scope=https%3A%2F%2Fmanagement.azure.com%2F.default"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"access_token\":\"entra-client-token\",\"expires_in\":3599}")));
        Map<String, Object> source = acrRegistry("entra-client-token", refresh, "client-2", "tenant-2");
        source.put("azure_client_secret", "client-secret-2");

        ResourceScripts.Run check = new ResourceScripts(work)
                .withEnvironment(Map.of("AZURE_AUTHORITY_HOST", cloud.baseUrl()))
                .run("check", request("source", source))
                .requireSuccess();

        assertThat(check.json().toString()).contains(digest);
        assertThat(check.stderr()).doesNotContain("client-secret-2", "entra-client-token", refresh);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "_json_key | {\"type\":\"service_account\",\"project_id\":\"acme\"}",
                "oauth2accesstoken | ya29.a0AfB-test-access-token"
            })
    void garTakesAKeyOrAnAccessTokenAsThePasswordOfItsUser(String user, String password) throws IOException {
        registry = LocalRegistry.startWithUser(work, user, password);
        String digest = fixtures.push(layout, "v", registry, "acme/app", "main-latest", "oci");
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("repository", registry.host() + "/acme/app");
        source.put("insecure", true);
        source.put("branch", "main");
        source.put("username", user);
        source.put("password", password);

        String logs = checkGetPut(new ResourceScripts(work), source, digest);

        assertThat(ImageFixtures.inspectRaw(registry, "acme/app:feat-cloud-latest"))
                .contains("\"layers\"");
        assertThat(logs).doesNotContain(password);
    }

    @Test
    void garTakesTheJsonKeyAsThePasswordOfItsTokenFlow() {
        String key = "{\"type\":\"service_account\",\"project_id\":\"acme\",\"private_key\":\"-----BEGIN PRIVATE KEY"
                + "-----\\nMIIE\\n-----END PRIVATE KEY-----\\n\",\"client_email\":\"ci@acme.iam.gserviceaccount.com\"}";
        String basic =
                "Basic " + Base64.getEncoder().encodeToString(("_json_key:" + key).getBytes(StandardCharsets.UTF_8));
        String digest = "sha256:" + "a".repeat(64);
        String challenge = "Bearer realm=\"" + cloud.baseUrl() + "/v2/token\",service=\"europe-docker.pkg.dev\"";
        cloud.stubFor(head(urlMatching("/v2/acme/images/app/manifests/.*"))
                .atPriority(5)
                .willReturn(aResponse().withStatus(401).withHeader("WWW-Authenticate", challenge)));
        cloud.stubFor(get(urlPathEqualTo("/v2/token"))
                .withHeader("Authorization", equalTo(basic))
                .withQueryParam("scope", matching("repository:acme/images/app:pull.*"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"token\":\"gar-access-token\",\"expires_in\":3600}")));
        cloud.stubFor(head(urlPathEqualTo("/v2/acme/images/app/manifests/main-latest"))
                .atPriority(1)
                .withHeader("Authorization", equalTo("Bearer gar-access-token"))
                .willReturn(aResponse()
                        .withHeader("Docker-Content-Digest", digest)
                        .withHeader("Content-Type", "application/vnd.oci.image.manifest.v1+json")
                        .withHeader("Content-Length", "400")));
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("repository", "localhost:" + cloud.getPort() + "/acme/images/app");
        source.put("insecure", true);
        source.put("branch", "main");
        source.put("username", "_json_key");
        source.put("password", key);

        ResourceScripts.Run check = new ResourceScripts(work)
                .run("check", request("source", source))
                .requireSuccess();

        assertThat(check.json().toString()).isEqualTo("[{\"tag\":\"main-latest\",\"digest\":\"" + digest + "\"}]");
        assertThat(check.stderr()).doesNotContain("PRIVATE KEY", "gar-access-token");
    }
}

package dev.dockertag.resource.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dockertag.failures.HintedException;
import dev.dockertag.registry.ImageReference;
import dev.dockertag.registry.auth.Credentials;
import dev.dockertag.resource.protocol.Source;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The registry credentials of an Azure Container Registry ({@code azure_acr: true}): an Entra ID access token (client
 * credentials when {@code azure_client_secret} is set, else the managed identity of the worker: App Service's
 * {@code IDENTITY_ENDPOINT} where set, else the instance metadata service), exchanged at the registry's
 * {@code /oauth2/exchange} for a refresh token, which the registry takes as the password of the all-zero user (as
 * {@code az acr login --expose-token} says). Failures name the step and the status, never a token: only a response's
 * {@code error} fields are shown.
 */
final class AcrLogin {

    static final String USER = "00000000-0000-0000-0000-000000000000";
    private static final String IMDS = "http://169.254.169.254/metadata/identity/oauth2/token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Cloud> CLOUDS = Map.of(
            "AzureCloud", new Cloud("https://login.microsoftonline.com", "https://management.azure.com/"),
            "AzureChinaCloud", new Cloud("https://login.chinacloudapi.cn", "https://management.chinacloudapi.cn/"),
            "AzureUSGovernment",
                    new Cloud("https://login.microsoftonline.us", "https://management.usgovcloudapi.net/"));

    /** Where an Azure cloud's tokens come from, and the audience the registry exchange accepts. */
    record Cloud(String authority, String resource) {}

    private AcrLogin() {}

    static Cloud cloud(Source source) {
        String name = source.azureEnvironment() == null ? "AzureCloud" : source.azureEnvironment();
        Cloud cloud = CLOUDS.get(name);
        if (cloud == null) {
            throw new HintedException("source.azure_environment must be AzureCloud, AzureChinaCloud or"
                    + " AzureUSGovernment, not '" + name + "'");
        }
        String authority = System.getenv("AZURE_AUTHORITY_HOST");
        return authority == null || authority.isBlank()
                ? cloud
                : new Cloud(authority.replaceAll("/+$", ""), cloud.resource());
    }

    static Credentials login(Source source, ImageReference repository, Map<String, String> env) {
        Cloud cloud = cloud(source);
        OkHttpClient http = new OkHttpClient.Builder()
                .callTimeout(Duration.ofSeconds(60))
                .connectTimeout(Duration.ofSeconds(10))
                .readTimeout(Duration.ofSeconds(30))
                .build();
        try {
            String entraToken = source.azureClientSecret() != null
                    ? clientCredentials(http, source, cloud)
                    : managedIdentity(http, source, cloud, env);
            String scheme = source.isInsecure() ? "http" : "https";
            HttpUrl exchange = HttpUrl.get(scheme + "://" + repository.registry() + "/oauth2/exchange");
            FormBody.Builder form = new FormBody.Builder()
                    .add("grant_type", "access_token")
                    .add("service", repository.registry())
                    .add("access_token", entraToken);
            Optional.ofNullable(source.azureTenantId()).ifPresent(t -> form.add("tenant", t));
            String refresh = field(
                    call(
                            http,
                            new Request.Builder()
                                    .url(exchange)
                                    .post(form.build())
                                    .build(),
                            "exchange the Entra ID token at " + exchange),
                    "refresh_token",
                    "the registry's exchange");
            return new Credentials(USER, refresh);
        } finally {
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }

    /** What a source's ACR keys must hold before any login is tried; errors name the key. */
    static void check(Source source) {
        cloud(source);
        if (source.azureClientSecret() != null && (source.azureTenantId() == null || source.azureClientId() == null)) {
            throw new HintedException(
                    "source.azure_client_secret needs source.azure_tenant_id and" + " source.azure_client_id");
        }
    }

    private static String clientCredentials(OkHttpClient http, Source source, Cloud cloud) {
        HttpUrl url = HttpUrl.get(cloud.authority() + "/" + source.azureTenantId() + "/oauth2/v2.0/token");
        FormBody form = new FormBody.Builder()
                .add("grant_type", "client_credentials")
                .add("client_id", source.azureClientId())
                .add("client_secret", source.azureClientSecret())
                .add("scope", cloud.resource() + ".default")
                .build();
        return field(
                call(
                        http,
                        new Request.Builder().url(url).post(form).build(),
                        "get an Entra ID token for client " + source.azureClientId()),
                "access_token",
                "Entra ID");
    }

    private static String managedIdentity(OkHttpClient http, Source source, Cloud cloud, Map<String, String> env) {
        String endpoint = env.get("IDENTITY_ENDPOINT");
        String header = env.get("IDENTITY_HEADER");
        Request.Builder request;
        HttpUrl.Builder url;
        if (endpoint != null && header != null) {
            url = HttpUrl.get(endpoint).newBuilder().addQueryParameter("api-version", "2019-08-01");
            request = new Request.Builder().header("X-IDENTITY-HEADER", header);
        } else {
            url = HttpUrl.get(IMDS).newBuilder().addQueryParameter("api-version", "2018-02-01");
            request = new Request.Builder().header("Metadata", "true");
        }
        url.addQueryParameter("resource", cloud.resource());
        Optional.ofNullable(source.azureClientId()).ifPresent(id -> url.addQueryParameter("client_id", id));
        return field(
                call(
                        http,
                        request.url(url.build()).get().build(),
                        "get a managed identity token"
                                + (source.azureClientId() == null ? "" : " for client " + source.azureClientId())),
                "access_token",
                "the managed identity endpoint");
    }

    private static JsonNode call(OkHttpClient http, Request request, String what) {
        try (Response response = http.newCall(request).execute()) {
            JsonNode body =
                    response.body() == null ? null : parse(response.body().string());
            if (!response.isSuccessful()) {
                String error = body == null
                        ? ""
                        : (": " + body.path("error").asText("")
                                        + (body.has("error_description")
                                                ? " "
                                                        + body.path("error_description")
                                                                .asText()
                                                : ""))
                                .strip();
                throw new HintedException(
                        "ACR login: cannot " + what + ": " + response.code()
                                + (error.length() > 300 ? error.substring(0, 300) + "..." : error),
                        "check source.azure_client_id, source.azure_tenant_id and the identity's AcrPull/AcrPush role");
            }
            return body;
        } catch (IOException e) {
            throw new HintedException(
                    "ACR login: cannot " + what + ": " + e.getMessage(),
                    "check that the worker reaches Entra ID and the registry");
        }
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }

    private static String field(JsonNode body, String name, String from) {
        String value = body == null ? null : body.path(name).asText(null);
        if (value == null || value.isBlank()) {
            throw new HintedException("ACR login: " + from + " answered without " + name);
        }
        return value;
    }
}

package dev.dockertag.registry.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dockertag.registry.auth.AuthChallenge;
import dev.dockertag.registry.auth.AuthHints;
import dev.dockertag.registry.auth.Credentials;
import dev.dockertag.registry.auth.CredentialsProvider;
import dev.dockertag.registry.image.Json;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.Authenticator;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.Route;

/**
 * Registry authentication: anonymous, Basic, and the Bearer token flow (401 + {@code WWW-Authenticate: Bearer
 * realm,service,scope} -> token endpoint, with Basic credentials or an identity token ->
 * {@code token}/{@code access_token}). Tokens are cached for the process per scope set and refreshed on expiry or when
 * the registry rejects them.
 *
 * <p>As an application interceptor it adds what it already knows (a cached token, Basic for a host that asked for
 * Basic) before the request goes out; as OkHttp's authenticator it answers 401s. Both only ever authenticate requests
 * to the registry host the request was made for: a blob download redirected to storage elsewhere never carries
 * credentials (OkHttp also drops {@code Authorization} on a cross-host redirect).
 */
public final class RegistryAuth implements Interceptor, Authenticator {

    /** A token is renewed this long before it says it expires. */
    private static final Duration EXPIRY_MARGIN = Duration.ofSeconds(10);
    /** What the token spec says to assume when {@code expires_in} is missing. */
    private static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofSeconds(60);

    private record Token(String value, Instant expiresAt) {
        boolean fresh() {
            return Instant.now().plus(EXPIRY_MARGIN).isBefore(expiresAt);
        }
    }

    private final CredentialsProvider credentials;
    private final boolean allowPlainHttp;
    private final AuthHints hints;
    private volatile OkHttpClient tokenClient;
    private final Map<String, AuthChallenge> challengeByHost = new ConcurrentHashMap<>();
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();

    public RegistryAuth(CredentialsProvider credentials, boolean allowPlainHttp, AuthHints hints) {
        this.credentials = credentials;
        this.allowPlainHttp = allowPlainHttp;
        this.hints = hints;
    }

    /** The client used for token requests: the registry client minus this authenticator. */
    public void useTokenClient(OkHttpClient client) {
        this.tokenClient = client;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        RequestScope scope = request.tag(RequestScope.class);
        if (scope == null || request.header("Authorization") != null || !isFor(request.url(), scope)) {
            return chain.proceed(request);
        }
        Optional<String> known = knownAuthorization(scope);
        if (known.isEmpty()) {
            return chain.proceed(request);
        }
        return chain.proceed(
                request.newBuilder().header("Authorization", known.get()).build());
    }

    private Optional<String> knownAuthorization(RequestScope scope) throws IOException {
        AuthChallenge challenge = challengeByHost.get(scope.registryHost());
        boolean hinted = false;
        if (challenge == null) {
            challenge = hints.load(scope.registryHost()).orElse(null);
            if (challenge == null) {
                return Optional.empty();
            }
            challengeByHost.putIfAbsent(scope.registryHost(), challenge);
            hinted = true;
        }
        if (challenge.isBasic()) {
            return credentials
                    .credentialsFor(scope.registryHost())
                    .filter(c -> !c.isIdentityToken())
                    .map(Credentials::basicHeader);
        }
        Token token = tokens.get(scope.key());
        if (token != null && token.fresh()) {
            return Optional.of("Bearer " + token.value());
        }
        // The realm is known: ask for the token now instead of collecting a 401 first.
        try {
            return Optional.of("Bearer " + fetchToken(challenge, scope).value());
        } catch (AuthFailedException e) {
            if (!hinted) {
                throw e;
            }
            challengeByHost.remove(scope.registryHost(), challenge); // a stale hint: start from the 401
            return Optional.empty();
        }
    }

    @Override
    public Request authenticate(Route route, Response response) throws IOException {
        Request request = response.request();
        RequestScope scope = request.tag(RequestScope.class);
        if (scope == null || !isFor(request.url(), scope) || attempts(response) >= 3) {
            return null;
        }
        List<AuthChallenge> challenges = response.headers("WWW-Authenticate").stream()
                .flatMap(h -> AuthChallenge.parse(h).stream())
                .toList();
        String sent = request.header("Authorization");
        Optional<AuthChallenge> bearer =
                challenges.stream().filter(AuthChallenge::isBearer).findFirst();
        if (bearer.isPresent()) {
            if (sent != null
                    && bearer.get()
                            .param("error")
                            .filter("insufficient_scope"::equals)
                            .isPresent()) {
                return null; // a new token would be granted the same: report the 401 instead of looping
            }
            if (sent != null && sent.startsWith("Bearer ") && attempts(response) >= 2) {
                return null; // a fresh token was just refused
            }
            challengeByHost.put(scope.registryHost(), bearer.get());
            hints.remember(scope.registryHost(), bearer.get());
            tokens.remove(scope.key());
            Token token = fetchToken(bearer.get(), scope);
            return request.newBuilder()
                    .header("Authorization", "Bearer " + token.value())
                    .build();
        }
        Optional<AuthChallenge> basic =
                challenges.stream().filter(AuthChallenge::isBasic).findFirst();
        if (basic.isPresent() && (sent == null || !sent.startsWith("Basic "))) {
            Optional<Credentials> creds = credentials.credentialsFor(scope.registryHost());
            if (creds.isEmpty() || creds.get().isIdentityToken()) {
                return null;
            }
            challengeByHost.put(scope.registryHost(), basic.get());
            hints.remember(scope.registryHost(), basic.get());
            return request.newBuilder()
                    .header("Authorization", creds.get().basicHeader())
                    .build();
        }
        return null;
    }

    private Token fetchToken(AuthChallenge challenge, RequestScope scope) throws IOException {
        String realm = challenge
                .param("realm")
                .orElseThrow(
                        () -> new AuthFailedException("the registry's Bearer challenge names no realm (token server)"));
        HttpUrl realmUrl = HttpUrl.parse(realm);
        if (realmUrl == null) {
            throw new AuthFailedException("the registry's token realm '" + realm + "' is not a URL");
        }
        Set<String> scopes = new LinkedHashSet<>(scope.scopes());
        challenge.param("scope").ifPresent(s -> {
            for (String one : s.split(" ")) {
                if (!one.isBlank()) {
                    scopes.add(one);
                }
            }
        });
        Optional<Credentials> creds = credentials.credentialsFor(scope.registryHost());
        if (creds.isPresent() && !realmUrl.isHttps() && !allowPlainHttp) {
            throw new AuthFailedException("the token realm " + realm
                    + " is plain http; credentials are only sent there when insecure (plain http) is allowed");
        }
        Request tokenRequest = creds.filter(Credentials::isIdentityToken).isPresent()
                ? oauthRequest(realmUrl, challenge, scopes, creds.get())
                : getRequest(realmUrl, challenge, scopes, creds);
        String what =
                "get a token from " + realmUrl.newBuilder().query(null).build() + " for " + String.join(" ", scopes);
        try (Response response = tokenClient.newCall(tokenRequest).execute()) {
            byte[] body =
                    response.body() == null ? new byte[0] : response.body().bytes();
            if (!response.isSuccessful()) {
                throw new AuthFailedException("could not " + what + ": "
                        + ErrorBodies.parse(response.code(), body).reason());
            }
            JsonNode json = Json.MAPPER.readTree(body);
            String value = json.hasNonNull("token")
                    ? json.get("token").asText()
                    : json.path("access_token").asText("");
            if (value.isEmpty()) {
                throw new AuthFailedException("could not " + what + ": the answer has no token");
            }
            Duration lifetime =
                    json.hasNonNull("expires_in") && json.get("expires_in").asLong() > 0
                            ? Duration.ofSeconds(json.get("expires_in").asLong())
                            : DEFAULT_TOKEN_LIFETIME;
            Token token = new Token(value, Instant.now().plus(lifetime));
            tokens.put(scope.key(), token);
            return token;
        } catch (AuthFailedException e) {
            throw e;
        } catch (IOException e) {
            throw new AuthFailedException("could not " + what + ": " + e.getMessage(), e);
        }
    }

    private static Request getRequest(
            HttpUrl realm, AuthChallenge challenge, Set<String> scopes, Optional<Credentials> creds) {
        HttpUrl.Builder url = realm.newBuilder();
        challenge.param("service").ifPresent(s -> url.addQueryParameter("service", s));
        scopes.forEach(s -> url.addQueryParameter("scope", s));
        Request.Builder builder = new Request.Builder().url(url.build()).get();
        creds.ifPresent(c -> builder.header("Authorization", c.basicHeader()));
        return builder.build();
    }

    private static Request oauthRequest(HttpUrl realm, AuthChallenge challenge, Set<String> scopes, Credentials creds) {
        FormBody.Builder form = new FormBody.Builder()
                .add("grant_type", "refresh_token")
                .add("refresh_token", creds.secret())
                .add("client_id", "dockertag")
                .add("scope", String.join(" ", scopes));
        challenge.param("service").ifPresent(s -> form.add("service", s));
        return new Request.Builder().url(realm).post(form.build()).build();
    }

    /** True when the URL is on the host the request was made for (not a redirect target elsewhere). */
    static boolean isFor(HttpUrl url, RequestScope scope) {
        return hostPort(url).equalsIgnoreCase(scope.registryHost());
    }

    public static String hostPort(HttpUrl url) {
        String host = url.host().contains(":") ? "[" + url.host() + "]" : url.host();
        return url.port() == HttpUrl.defaultPort(url.scheme()) ? host : host + ":" + url.port();
    }

    private static int attempts(Response response) {
        int count = 1;
        for (Response prior = response.priorResponse(); prior != null; prior = prior.priorResponse()) {
            count++;
        }
        return count;
    }
}

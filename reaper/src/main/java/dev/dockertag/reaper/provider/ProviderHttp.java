package dev.dockertag.reaper.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dockertag.failures.Redactor;
import dev.dockertag.registry.Deadline;
import dev.dockertag.registry.RegistryException;
import dev.dockertag.registry.RetryPolicy;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The calls of a provider API (GitHub's, Docker Hub's, GitLab's, Harbor's), each with the registry client's rules:
 * bounded retries of 429 and 5xx (a {@code Retry-After} up to the policy's longest is waited out, a longer one is
 * reported), within the run's deadline; one new login after a 401 (an expired token), then a clear error; answers
 * followed page by page ({@code Link: <...>; rel="next"}). Every error names the call; nothing a provider echoes back
 * reaches it unredacted.
 */
final class ProviderHttp {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final MediaType APPLICATION_JSON = MediaType.get("application/json");
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");

    /** What a call sends to authenticate; {@link #renew} gets a new one after a 401. */
    interface Auth {
        Optional<String> header();

        String headerName();

        /** A new credential after a 401: false when there is none to get (a fixed token). */
        default boolean renew() {
            return false;
        }

        static Auth fixed(String name, Optional<String> value) {
            return new Auth() {
                @Override
                public Optional<String> header() {
                    return value;
                }

                @Override
                public String headerName() {
                    return name;
                }
            };
        }
    }

    /** An answer: its status, body and headers that matter. */
    record Answer(int code, String body, Optional<String> next) {
        JsonNode json(String what) {
            try {
                return JSON.readTree(body.isEmpty() ? "null" : body);
            } catch (IOException e) {
                throw new RegistryException(what, code, null, "the answer is not JSON: " + e.getMessage());
            }
        }

        boolean ok() {
            return code >= 200 && code < 300;
        }
    }

    private final String provider;
    private final OkHttpClient http;
    private final RetryPolicy policy;
    private final Deadline deadline;
    private final Auth auth;
    private final List<String> extraHeaders;

    /**
     * @param provider the API's name in messages ({@code GitHub's packages API})
     * @param extraHeaders header name and value pairs every call sends
     */
    ProviderHttp(String provider, RetryPolicy policy, Deadline deadline, Auth auth, String... extraHeaders) {
        this.provider = provider;
        this.policy = policy;
        this.deadline = deadline;
        this.auth = auth;
        this.extraHeaders = List.of(extraHeaders);
        this.http = new OkHttpClient.Builder()
                .followRedirects(false)
                .connectTimeout(Duration.ofSeconds(10))
                .readTimeout(Duration.ofSeconds(60))
                .callTimeout(Duration.ofSeconds(120))
                .build();
    }

    Answer get(String url) {
        return call("GET", url, null);
    }

    Answer delete(String url) {
        return call("DELETE", url, null);
    }

    Answer post(String url, String json) {
        return call("POST", url, json);
    }

    /** Every element of a JSON array answer, following {@code Link: rel="next"} from page to page. */
    List<JsonNode> pages(String firstUrl, String what) {
        List<JsonNode> all = new ArrayList<>();
        Optional<String> url = Optional.of(firstUrl);
        int pages = 0;
        while (url.isPresent()) {
            Answer answer = get(url.get());
            if (!answer.ok()) {
                throw failure("GET " + url.get(), answer, what);
            }
            JsonNode page = answer.json("GET " + url.get());
            if (page == null || !page.isArray()) {
                throw new RegistryException("GET " + url.get(), answer.code(), null, provider + " answered no list");
            }
            page.forEach(all::add);
            url = answer.next();
            if (++pages > 10_000) {
                throw new RegistryException("GET " + firstUrl, answer.code(), null, provider + " never ends its pages");
            }
        }
        return all;
    }

    /** An error for an answer the caller did not expect, with what the provider said (redacted) and {@code what}. */
    RegistryException failure(String call, Answer answer, String what) {
        String said = answer.body().strip();
        if (said.length() > 300) {
            said = said.substring(0, 300) + "...";
        }
        return new RegistryException(
                call,
                answer.code(),
                null,
                provider + " answered " + answer.code()
                        + (said.isEmpty() ? "" : ": " + Redactor.process().redact(said))
                        + (what.isEmpty() ? "" : " (" + what + ")"));
    }

    private Answer call(String method, String url, String json) {
        String described = method + " " + url;
        boolean renewed = false;
        for (int attempt = 1; ; attempt++) {
            Request.Builder request = new Request.Builder()
                    .url(url)
                    .method(method, json == null ? null : RequestBody.create(json, APPLICATION_JSON));
            auth.header().ifPresent(value -> request.header(auth.headerName(), value));
            for (int i = 0; i + 1 < extraHeaders.size(); i += 2) {
                request.header(extraHeaders.get(i), extraHeaders.get(i + 1));
            }
            Answer answer;
            try (Response response = http.newCall(request.build()).execute()) {
                String body = response.body() == null ? "" : response.body().string();
                answer = new Answer(response.code(), body, next(response.header("Link")));
                Optional<Duration> wait = retryAfter(response, attempt);
                if (response.code() == 401 && !renewed && auth.renew()) {
                    renewed = true; // an expired token: one new login, then the same call again
                    continue;
                }
                if (wait.isEmpty() || attempt >= policy.maxAttempts()) {
                    return answer;
                }
                if (!deadline.waitToRetry(policy, wait.get(), described)) {
                    return answer;
                }
            } catch (IOException e) {
                if (attempt >= policy.maxAttempts()
                        || !deadline.waitToRetry(policy, policy.backoff(attempt), described)) {
                    throw new RegistryException(
                            described,
                            0,
                            null,
                            provider + " did not answer: " + Redactor.process().redact(String.valueOf(e.getMessage())));
                }
            }
        }
    }

    /** The wait before retrying: 429 and 5xx (not 501) are retried, after {@code Retry-After} when it says. */
    private Optional<Duration> retryAfter(Response response, int attempt) {
        int code = response.code();
        boolean rateLimited = code == 429 || (code == 403 && response.header("Retry-After") != null);
        if (!rateLimited && (code < 500 || code == 501)) {
            return Optional.empty();
        }
        String header = response.header("Retry-After");
        if (header != null && header.strip().matches("\\d{1,6}")) {
            Duration asked = Duration.ofSeconds(Long.parseLong(header.strip()));
            return asked.compareTo(policy.maxRetryAfter()) > 0 ? Optional.empty() : Optional.of(asked);
        }
        return Optional.of(policy.backoff(attempt));
    }

    private static Optional<String> next(String link) {
        if (link == null) {
            return Optional.empty();
        }
        for (String part : link.split(",(?=\\s*<)")) {
            Matcher m = NEXT.matcher(part);
            if (m.find()) {
                return Optional.of(m.group(1));
            }
        }
        return Optional.empty();
    }
}

package dev.dockertag.registry;

import dev.dockertag.registry.internal.http.AuthFailedException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The retries of a single request, by {@link Retries}' rule: dropped connections, 5xx (not 501) and 429, within the
 * policy's attempts and the deadline. A request whose body can be sent only once (a streamed upload) is never replayed
 * here, nor one tagged {@link Retries.Above}: its operation is retried whole, above it, and retrying here too would
 * multiply the attempts.
 */
final class RetryInterceptor implements Interceptor {

    private final RetryPolicy policy;
    private final Deadline deadline;

    RetryInterceptor(Retries retries) {
        this.policy = retries.policy();
        this.deadline = retries.deadline();
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        boolean replayable =
                (request.body() == null || !request.body().isOneShot()) && request.tag(Retries.Above.class) == null;
        for (int attempt = 1; ; attempt++) {
            boolean last = !replayable || attempt >= policy.maxAttempts();
            Response response;
            try {
                response = chain.proceed(request);
            } catch (AuthFailedException e) {
                throw e;
            } catch (IOException e) {
                if (last
                        || chain.call().isCanceled()
                        || IoFailure.of(e, request.url().host()).permanent()
                        || !deadline.waitToRetry(policy, policy.backoff(attempt), Deadline.describe(request))) {
                    throw e;
                }
                continue;
            }
            if (last || !Retries.mayPass(response.code())) {
                return response;
            }
            Duration wait = policy.backoff(attempt);
            Optional<Duration> retryAfter = retryAfter(response.header("Retry-After"));
            if (retryAfter.isPresent()) {
                if (retryAfter.get().compareTo(policy.maxRetryAfter()) > 0) {
                    return response; // waiting that long would stall the build: report it instead
                }
                wait = retryAfter.get();
            }
            if (!deadline.allows(wait, Deadline.describe(request))) {
                return response; // the deadline would pass first: report this answer instead
            }
            response.close();
            policy.pause(wait);
        }
    }

    /** {@code Retry-After} is either delta-seconds or an HTTP date. */
    static Optional<Duration> retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String value = header.trim();
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value))));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant();
                Duration d = Duration.between(Instant.now(), at);
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (DateTimeParseException notDate) {
                return Optional.empty();
            }
        }
    }
}

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
 * Bounded retries for failures that may pass: dropped connections, 5xx (not 501) and 429. A request
 * whose body can be sent only once (a streamed upload) is never replayed here; its caller restarts it.
 */
final class RetryInterceptor implements Interceptor {

    private final RetryPolicy policy;
    private final Deadline deadline;

    RetryInterceptor(RetryPolicy policy, Deadline deadline) {
        this.policy = policy;
        this.deadline = deadline;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        boolean replayable = request.body() == null || !request.body().isOneShot();
        for (int attempt = 1; ; attempt++) {
            boolean last = !replayable || attempt >= policy.maxAttempts();
            Response response;
            try {
                response = chain.proceed(request);
            } catch (AuthFailedException e) {
                throw e;
            } catch (IOException e) {
                if (last || chain.call().isCanceled() || isPermanent(e)
                        || !deadline.waitToRetry(policy, policy.backoff(attempt), Deadline.describe(request))) {
                    throw e;
                }
                continue;
            }
            if (last || !isRetryable(response.code())) {
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

    /**
     * A failure that another attempt cannot mend: the server's certificate is not trusted or does not
     * name the host, or the server does not speak TLS at all.
     */
    public static boolean isPermanent(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof javax.net.ssl.SSLPeerUnverifiedException
                    || t instanceof java.security.cert.CertificateException
                    || t instanceof java.security.cert.CertPathValidatorException) {
                return true;
            }
            String message = String.valueOf(t.getMessage());
            if (t instanceof javax.net.ssl.SSLException && (message.contains("Unsupported or unrecognized SSL message")
                    || message.contains("PKIX") || message.contains("plaintext connection"))) {
                return true;
            }
        }
        return false;
    }

    static boolean isRetryable(int status) {
        return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
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
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(Instant.now(), at);
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (DateTimeParseException notDate) {
                return Optional.empty();
            }
        }
    }
}

package dev.dockertag.registry;

import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often and how patiently to retry a request that failed in a way that may pass: a dropped connection, 5xx (not
 * 501), or 429. Exponential backoff with jitter; a 429's {@code Retry-After} is honoured up to {@code maxRetryAfter},
 * past which the request fails rather than hang a build.
 *
 * @param maxAttempts attempts in all, the first included (1 = no retry)
 * @param initialBackoff wait before the first retry; doubles each time
 * @param maxBackoff cap of one wait
 * @param maxRetryAfter the longest {@code Retry-After} that is waited out
 * @param sleeper how to wait (tests record instead of sleeping)
 */
public record RetryPolicy(
        int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter, Sleeper sleeper) {

    /** Waits; replaceable so tests can observe the waits without spending them. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    public static final RetryPolicy DEFAULT = new RetryPolicy(
            5, Duration.ofMillis(500), Duration.ofSeconds(10), Duration.ofSeconds(60), d -> Thread.sleep(d.toMillis()));

    /** One attempt only. */
    public static final RetryPolicy NONE = DEFAULT.withMaxAttempts(1);

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, not " + maxAttempts);
        }
    }

    public RetryPolicy withMaxAttempts(int attempts) {
        return new RetryPolicy(attempts, initialBackoff, maxBackoff, maxRetryAfter, sleeper);
    }

    public RetryPolicy withBackoff(Duration initial, Duration max) {
        return new RetryPolicy(maxAttempts, initial, max, maxRetryAfter, sleeper);
    }

    public RetryPolicy withSleeper(Sleeper newSleeper) {
        return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, maxRetryAfter, newSleeper);
    }

    /** The wait before retry number {@code retry} (1-based): half to all of the capped exponential value. */
    public Duration backoff(int retry) {
        long cap = Math.min(maxBackoff.toMillis(), initialBackoff.toMillis() << Math.min(retry - 1, 20));
        long half = cap / 2;
        return Duration.ofMillis(half + (half > 0 ? ThreadLocalRandom.current().nextLong(half + 1) : 0));
    }

    /** Waits with the sleeper; an interrupt becomes an {@link java.io.InterruptedIOException}. */
    public void pause(Duration duration) throws InterruptedIOException {
        try {
            sleeper.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to retry");
        }
    }
}

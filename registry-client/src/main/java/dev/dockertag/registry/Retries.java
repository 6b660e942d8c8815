package dev.dockertag.registry;

import dev.dockertag.registry.RegistryException.Kind;
import java.util.function.IntFunction;

/**
 * The one retry rule and the one owner of each retry. A single request is retried by {@link RetryInterceptor} (at most
 * {@link RetryPolicy#maxAttempts()} attempts); an operation made of several requests that must start over or resume as
 * a whole (a blob upload, a blob download) is retried by {@link #operation}, and the requests inside it carry
 * {@link Above} so that the interceptor sends each of them once. Either way an attempt is repeated only when the
 * failure may pass ({@link #mayPass}), the thread was not interrupted, and the client's {@link Deadline} leaves time
 * for the wait.
 */
final class Retries {

    /** The tag of a request whose operation is retried above it: the interceptor sends it once. */
    enum Above {
        INSTANCE
    }

    private final RetryPolicy policy;
    private final Deadline deadline;

    Retries(RetryPolicy policy, Deadline deadline) {
        this.policy = policy;
        this.deadline = deadline;
    }

    RetryPolicy policy() {
        return policy;
    }

    Deadline deadline() {
        return deadline;
    }

    /** An answer that may pass: 429 (throttled) and 500, 502, 503, 504 (not 501, which will not change). */
    static boolean mayPass(int status) {
        return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
    }

    /**
     * A failure that may pass: no whole answer (unreachable, broken, a TLS failure that is not about the certificate),
     * or an answer {@link #mayPass(int)} takes. Never other bytes than a digest names.
     */
    static boolean mayPass(RegistryException e) {
        if (e.kind() == Kind.DIGEST_MISMATCH) {
            return false;
        }
        return e.status() == 0 ? !e.permanent() : mayPass(e.status());
    }

    /**
     * Runs {@code attempt} (given its number, from 1) until it returns, at most {@link RetryPolicy#maxAttempts()}
     * times, waiting the policy's backoff between attempts; a failure that cannot pass, the last attempt's failure, a
     * failure after the thread was interrupted (another part of the work has failed) or one the deadline leaves no time
     * to retry is thrown as it is.
     *
     * @param retrying what is retried, for the deadline's message ({@code POST <url>})
     */
    <T> T operation(String retrying, IntFunction<T> attempt) {
        for (int n = 1; ; n++) {
            try {
                return attempt.apply(n);
            } catch (RegistryException e) {
                if (!mayPass(e)
                        || n >= policy.maxAttempts()
                        || Thread.currentThread().isInterrupted()
                        || !deadline.waitToRetry(policy, policy.backoff(n), retrying)) {
                    throw e;
                }
            }
        }
    }
}

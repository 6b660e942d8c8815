package dev.dockertag.registry;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.Request;

/**
 * A bound on the time a whole piece of work may take, across every request, retry and wait of a {@link RegistryClient}
 * built with it. When it passes (or {@link #stop} is called) the calls in flight are cancelled, no new call starts, and
 * no retry waits; what was in flight is kept for the error message. A watchdog thread does the cancelling, so a
 * registry that trickles or stalls cannot hold the work past its bound, whatever the per-read timeouts say.
 */
public final class Deadline implements AutoCloseable {

    /** Never passes; {@link #stop} still works. */
    public static Deadline none() {
        return new Deadline(null);
    }

    /** Passes {@code budget} from now. */
    public static Deadline after(Duration budget) {
        if (budget.isNegative() || budget.isZero()) {
            throw new IllegalArgumentException("a deadline needs a positive budget, not " + budget);
        }
        return new Deadline(budget);
    }

    private final Duration budget;
    private final long start = System.nanoTime();
    private final Map<Call, Boolean> inFlight = new ConcurrentHashMap<>();
    private final List<Runnable> onStop = new CopyOnWriteArrayList<>();
    private final Thread watchdog;
    private volatile boolean expired;
    private volatile boolean stopped;
    private volatile List<String> inFlightWhenStopped = List.of();

    private Deadline(Duration budget) {
        this.budget = budget;
        if (budget == null) {
            this.watchdog = null;
            return;
        }
        this.watchdog = new Thread(this::watch, "deadline");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    private void watch() {
        try {
            long left;
            while ((left = remainingNanos()) > 0) {
                Thread.sleep(Math.max(1, left / 1_000_000), (int) (left % 1_000_000));
            }
        } catch (InterruptedException closed) {
            return;
        }
        synchronized (this) {
            expired = true;
        }
        stop();
    }

    /** The whole budget, when there is one. */
    public Optional<Duration> budget() {
        return Optional.ofNullable(budget);
    }

    /** Time left; {@link Duration#ZERO} once stopped, and very long without a budget. */
    public Duration remaining() {
        return Duration.ofNanos(remainingNanos());
    }

    private long remainingNanos() {
        if (stopped) {
            return 0;
        }
        if (budget == null) {
            return Long.MAX_VALUE;
        }
        return Math.max(0, budget.toNanos() - (System.nanoTime() - start));
    }

    /** True once the budget has run out (not when stopped for another reason). */
    public boolean expired() {
        return expired;
    }

    /** True once expired or stopped: no call may start, no retry may wait. */
    public boolean stopped() {
        return stopped;
    }

    /**
     * Whether a retry of {@code retrying} (say, {@code GET <url>}) that first waits {@code wait} can still be made.
     * When the deadline would pass during the wait, it is taken as passed now, with {@code retrying} as what was in
     * flight: the work cannot finish in time, and the sooner that is said the better.
     */
    public boolean allows(Duration wait, String retrying) {
        if (stopped) {
            return false;
        }
        if (remaining().compareTo(wait) > 0) {
            return true;
        }
        synchronized (this) {
            if (!stopped) {
                expired = true;
                inFlightWhenStopped = List.of(retrying);
            }
        }
        stop();
        return false;
    }

    /**
     * Waits {@code wait} (with {@code policy}'s sleeper) before a retry of {@code retrying} and says true; says false,
     * without waiting, when {@link #allows} does not allow it, and after a wait that an interrupt or a stop cut short.
     * The caller then reports the failure it would have retried.
     */
    public boolean waitToRetry(RetryPolicy policy, Duration wait, String retrying) {
        if (!allows(wait, retrying)) {
            return false;
        }
        try {
            policy.pause(wait);
        } catch (InterruptedIOException e) {
            return false;
        }
        return !stopped;
    }

    /**
     * Ends the work now: what is in flight is recorded, then cancelled, and the {@link #onStop} actions run.
     * Idempotent.
     */
    public void stop() {
        synchronized (this) {
            if (stopped) {
                return;
            }
            if (inFlightWhenStopped.isEmpty()) {
                inFlightWhenStopped = describeInFlight();
            }
            stopped = true;
        }
        inFlight.keySet().forEach(Call::cancel);
        onStop.forEach(Runnable::run);
    }

    /** Runs {@code action} (on the stopping thread) when the deadline passes or {@link #stop} is called. */
    public void onStop(Runnable action) {
        onStop.add(action);
    }

    /** The requests that were in flight when the work was stopped: method and URL, never the query. */
    public List<String> inFlightWhenStopped() {
        return inFlightWhenStopped;
    }

    private List<String> describeInFlight() {
        List<String> calls = new ArrayList<>();
        for (Call call : inFlight.keySet()) {
            calls.add(describe(call.request()));
        }
        calls.sort(null);
        return List.copyOf(calls);
    }

    /**
     * A duration as people write it in a config or an option: {@code 24h}, {@code 90m} (as {@code 1h30m}), {@code 45s};
     * whole seconds. Messages of every module write durations with it.
     */
    public static String words(Duration budget) {
        long seconds = budget.toSeconds();
        StringBuilder text = new StringBuilder();
        if (seconds >= 3600) {
            text.append(seconds / 3600).append('h');
        }
        if (seconds % 3600 >= 60) {
            text.append(seconds % 3600 / 60).append('m');
        }
        if (seconds % 60 > 0 || text.isEmpty()) {
            text.append(seconds % 60).append('s');
        }
        return text.toString();
    }

    /** A request as messages name it: method and URL, never the query (uploads' state, tokens). */
    public static String describe(Request request) {
        return request.method() + " " + request.url().newBuilder().query(null).build();
    }

    /** Tracks the calls of a client; a call that starts after the deadline is cancelled at once. */
    EventListener.Factory listeners() {
        return call -> new EventListener() {
            @Override
            public void callStart(Call c) {
                inFlight.put(c, Boolean.TRUE);
                if (stopped) {
                    c.cancel();
                }
            }

            @Override
            public void callEnd(Call c) {
                inFlight.remove(c);
            }

            @Override
            public void callFailed(Call c, IOException e) {
                inFlight.remove(c);
            }
        };
    }

    /** Ends the watchdog; the deadline no longer passes. */
    @Override
    public void close() {
        if (watchdog != null) {
            watchdog.interrupt();
        }
    }
}

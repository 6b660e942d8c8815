package dev.dockertag.reaper.gc;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dockertag.reaper.config.ReaperConfig.HarborGc;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Credentials;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * {@code gc.harbor}: Harbor's own GC API ({@code /api/v2.0/system/gc}), which is online and spares recent uploads. A
 * dry run first (its log's "eligible for deletion" line is reported), then the real run, each polled to the end.
 * Untagged artifacts are not deleted ({@code delete_untagged: false}), for the same reason as distribution's
 * {@code --delete-untagged}: the reaper decides what goes, GC only reclaims it. A 409 means a GC is already running:
 * nothing is started, and that is reported, not failed.
 */
final class HarborGarbageCollector implements GarbageCollector {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MediaType APPLICATION_JSON = MediaType.get("application/json");
    private static final Set<String> FINISHED = Set.of("success", "error", "stopped");
    private static final Pattern ELIGIBLE = Pattern.compile("\\d+ blobs and \\d+ manifests eligible for deletion");

    private final HarborGc config;
    private final Duration pollInterval;
    private final Duration timeout;
    private final OkHttpClient http =
            new OkHttpClient.Builder().followRedirects(false).build();

    HarborGarbageCollector(HarborGc config, Duration pollInterval, Duration timeout) {
        this.config = config;
        this.pollInterval = pollInterval;
        this.timeout = timeout;
        if (config.url().startsWith("http://") && !config.insecure()) {
            throw new GcFailure(
                    "gc.harbor.url is plain http: the password would cross the network in the clear",
                    "use https, or set gc.harbor.insecure: true for a test installation");
        }
    }

    @Override
    public String collect(Consumer<String> log) {
        Optional<String> dryRun = start(true, log);
        if (dryRun.isEmpty()) {
            return "Harbor is already running a GC (409); none started, the space comes back with that one or the next";
        }
        awaitSuccess(dryRun.get(), "dry run", log);
        Matcher eligible = ELIGIBLE.matcher(
                get("/api/v2.0/system/gc/" + dryRun.get() + "/log").orElse(""));
        String found = eligible.find() ? eligible.group() : "no count in its log";
        log.accept("gc: Harbor dry run " + dryRun.get() + ": " + found);
        Optional<String> run = start(false, log);
        if (run.isEmpty()) {
            return "Harbor started a GC of its own after the dry run (409); the space comes back with it";
        }
        awaitSuccess(run.get(), "GC", log);
        return "Harbor GC " + run.get() + " finished (dry run: " + found + ")";
    }

    /** The id of the started GC, or empty when Harbor says one is already running. */
    private Optional<String> start(boolean dryRun, Consumer<String> log) {
        String body = "{\"schedule\":{\"type\":\"Manual\"},\"parameters\":{\"delete_untagged\":false,\"dry_run\":"
                + dryRun + ",\"workers\":1}}";
        Request request = authorised(new Request.Builder()
                        .url(config.url() + "/api/v2.0/system/gc/schedule")
                        .post(RequestBody.create(body, APPLICATION_JSON)))
                .build();
        try (Response response = http.newCall(request).execute()) {
            if (response.code() == 409) {
                log.accept("gc: Harbor answered 409: a GC is already running");
                return Optional.empty();
            }
            if (response.code() != 201 && response.code() != 200) {
                throw new GcFailure(
                        "tried to start Harbor's " + (dryRun ? "GC dry run" : "GC") + ": " + response.code() + " "
                                + response.message(),
                        response.code() == 401 || response.code() == 403
                                ? "gc.harbor.username must be a Harbor admin (or a robot account with GC rights)"
                                : null);
            }
            String location = response.header("Location");
            if (location == null || location.isBlank()) {
                throw new GcFailure("Harbor started a GC but did not say which (no Location header)", null);
            }
            String id = location.substring(location.lastIndexOf('/') + 1);
            log.accept("gc: Harbor " + (dryRun ? "dry run" : "GC") + " " + id + " started");
            return Optional.of(id);
        } catch (IOException e) {
            throw new GcFailure("tried to start Harbor's GC at " + config.url() + ": " + e.getMessage(), null);
        }
    }

    /** Polls the GC until it ends; throws when it did not succeed. */
    private void awaitSuccess(String id, String what, Consumer<String> log) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String status = "";
        while (System.nanoTime() < deadline) {
            status = get("/api/v2.0/system/gc/" + id).map(this::status).orElse("");
            if (FINISHED.contains(status.toLowerCase(Locale.ROOT))) {
                break;
            }
            sleep();
        }
        if (!status.equalsIgnoreCase("success")) {
            throw new GcFailure(
                    "Harbor's " + what + " " + id + " ended as '" + (status.isEmpty() ? "still running" : status) + "'",
                    "read its log in Harbor (Administration > Clean Up) or at " + config.url() + "/api/v2.0/system/gc/"
                            + id + "/log");
        }
        log.accept("gc: Harbor " + what + " " + id + " succeeded");
    }

    private String status(String json) {
        try {
            return JSON.readTree(json).path("job_status").asText("");
        } catch (IOException e) {
            return "";
        }
    }

    private Optional<String> get(String path) {
        Request request =
                authorised(new Request.Builder().url(config.url() + path).get()).build();
        try (Response response = http.newCall(request).execute()) {
            if (!response.isSuccessful()) {
                throw new GcFailure(
                        "tried to read " + path + " from Harbor: " + response.code() + " " + response.message(), null);
            }
            return Optional.of(response.body().string());
        } catch (IOException e) {
            throw new GcFailure("tried to read " + path + " from Harbor: " + e.getMessage(), null);
        }
    }

    private Request.Builder authorised(Request.Builder request) {
        config.username()
                .ifPresent(u -> request.header(
                        "Authorization",
                        Credentials.basic(u, config.password().orElseThrow().value())));
        return request.header("Accept", "application/json");
    }

    private void sleep() {
        try {
            Thread.sleep(pollInterval.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GcFailure("interrupted while waiting for Harbor's GC", null);
        }
    }
}

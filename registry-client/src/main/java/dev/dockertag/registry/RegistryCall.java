package dev.dockertag.registry;

import dev.dockertag.registry.image.Digest;
import dev.dockertag.registry.image.MediaTypes;
import dev.dockertag.registry.internal.http.AuthFailedException;
import dev.dockertag.registry.internal.http.ErrorBodies;
import dev.dockertag.registry.internal.http.LinkHeaders;
import dev.dockertag.registry.internal.http.RegistryAuth;
import dev.dockertag.registry.internal.http.RequestScope;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The one endpoint caller. Every request to a repository goes through {@link #send} (or, for a body read after the call
 * returns, {@link #open}): it builds the URLs, sends the request through the client's auth and retry interceptors
 * within its deadline, applies the 404 rule, maps a failed answer to a {@link RegistryException} that says what was
 * tried and why ({@link #failure}), and an I/O failure through {@link IoFailure}, the one classifier. Each endpoint
 * class beside it (ManifestResolve, BlobUpload...) is a request and a handler of its answer.
 *
 * <p>A caller that retries a whole operation itself (an upload that starts over, a download that resumes) sends through
 * {@link #retriedAbove()}: those requests are then not retried again below it.
 */
final class RegistryCall {

    /** OCI's advice: registries may refuse manifests over 4 MiB, so nothing larger is read into memory. */
    static final int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

    static final MediaType OCTET_STREAM = MediaType.get("application/octet-stream");
    static final String ACCEPT = String.join(", ", MediaTypes.MANIFEST_ACCEPT);

    private final RegistryClient client;
    private final ImageReference name;
    private final HttpUrl base;
    private final String host;
    private final boolean retriedAbove;

    RegistryCall(RegistryClient client, ImageReference reference) {
        this.client = client;
        this.name =
                new ImageReference(reference.registry(), reference.repository(), Optional.empty(), Optional.empty());
        String scheme = client.allowPlainHttp() ? "http" : "https";
        HttpUrl parsed = HttpUrl.parse(scheme + "://" + reference.apiHost() + "/v2/");
        if (parsed == null) {
            throw new IllegalArgumentException("invalid registry host '" + reference.registry() + "'");
        }
        this.base = parsed;
        this.host = RegistryAuth.hostPort(parsed);
        this.retriedAbove = false;
    }

    private RegistryCall(RegistryCall of) {
        this.client = of.client;
        this.name = of.name;
        this.base = of.base;
        this.host = of.host;
        this.retriedAbove = true;
    }

    ImageReference name() {
        return name;
    }

    RegistryClient client() {
        return client;
    }

    /** The same caller for the requests of an operation that {@link Retries} retries whole: no retry below. */
    RegistryCall retriedAbove() {
        return retriedAbove ? this : new RegistryCall(this);
    }

    /** What an endpoint makes of an answer; may throw {@link IOException} while reading its body. */
    @FunctionalInterface
    interface Handler<T> {
        T handle(Response response) throws IOException;
    }

    /**
     * Sends {@code request} and hands a successful (2xx) answer to {@code handler}: empty on a 404 or when the handler
     * says null, a {@link RegistryException} on any other failed answer, or on an I/O failure while sending or while
     * the handler reads the body.
     */
    <T> Optional<T> send(Request.Builder request, RequestScope scope, String action, Handler<T> handler) {
        return exchange(request, scope, action, response -> {
            if (response.code() == 404) {
                return null;
            }
            if (!response.isSuccessful()) {
                throw failure(response, action);
            }
            return handler.handle(response);
        });
    }

    /**
     * Sends {@code request} and hands every answer, whatever its status, to {@code handler}, which throws
     * {@link #failure} for the ones it does not take; I/O failures as in {@link #send}.
     */
    <T> Optional<T> exchange(Request.Builder request, RequestScope scope, String action, Handler<T> handler) {
        try (Response response = open(request, scope, action)) {
            return Optional.ofNullable(handler.handle(response));
        } catch (IOException e) {
            throw ioFailure(action, e);
        }
    }

    /**
     * Sends {@code request} and returns the answer, whatever its status, for a caller that reads the body after this
     * returns and closes it; I/O failures as in {@link #send}.
     */
    Response open(Request.Builder request, RequestScope scope, String action) {
        if (retriedAbove) {
            request.tag(Retries.Above.class, Retries.Above.INSTANCE);
        }
        try {
            return client.http()
                    .newCall(request.tag(RequestScope.class, scope).build())
                    .execute();
        } catch (AuthFailedException e) {
            throw new RegistryException(action, 401, "UNAUTHORIZED", e.getMessage(), e);
        } catch (IOException e) {
            throw ioFailure(action, e);
        }
    }

    /**
     * A HEAD or GET of a manifest with every manifest type accepted: empty on a 404, else what {@code reader} makes of
     * the answer (null meaning empty).
     */
    <T> Optional<T> manifest(String reference, boolean head, String action, Handler<T> reader) {
        Request.Builder request =
                new Request.Builder().url(manifestUrl(reference)).header("Accept", ACCEPT);
        return send(head ? request.head() : request.get(), scope("pull"), action, reader);
    }

    RequestScope scope(String actions) {
        return RequestScope.repository(host, name.repository(), actions);
    }

    /** A request that got no whole answer, classified once by {@link IoFailure}. */
    RegistryException ioFailure(String action, IOException e) {
        return ioFailure(action, e, "");
    }

    /** As {@link #ioFailure(String, IOException)}, with {@code more} after the words (what had been received). */
    RegistryException ioFailure(String action, IOException e, String more) {
        Deadline deadline = client.retries().deadline();
        if (deadline.expired()) {
            // the deadline cancelled the call: that, not the cancelled socket's words, is what happened
            IoFailure late = new IoFailure(
                    RegistryException.Kind.BROKEN,
                    "the deadline of " + Deadline.words(deadline.budget().orElseThrow())
                            + " passed before the registry answered",
                    true);
            return new RegistryException(action, late, late.words() + more, e);
        }
        IoFailure failure = IoFailure.of(e, host);
        return new RegistryException(action, failure, failure.words() + more, e);
    }

    /**
     * Refuses a successful answer that is a web page ({@code text/html}): a captive portal's or an intercepting proxy's
     * login page is never a manifest or a blob, and taking it as one would turn its digest into a version or its bytes
     * into a digest mismatch that hides what happened.
     */
    void refusePage(Response response, String action, String asked) {
        String type = stripParameters(response.header("Content-Type"));
        if (type != null && type.toLowerCase(Locale.ROOT).contains("html")) {
            throw new RegistryException(
                    action,
                    response.code(),
                    null,
                    pageWords(RegistryAuth.hostPort(response.request().url()), type, asked));
        }
    }

    /** {@code <host> answered text/html, not a manifest: is this a registry, or a proxy's login page?} */
    static String pageWords(String host, String type, String asked) {
        return host + " answered " + type + ", not " + asked + ": is this a registry, or a proxy's login page?";
    }

    /** A failed answer: its status, the registry's error code and reason (the body read, at most 16 KiB). */
    RegistryException failure(Response response, String action) {
        byte[] body;
        try {
            body = response.body() == null ? new byte[0] : readLimited(response.body(), 16 * 1024, action);
        } catch (IOException | RegistryException e) {
            body = new byte[0];
        }
        ErrorBodies.ParsedError error = ErrorBodies.parse(response.code(), body);
        String reason = error.reason();
        String answering = RegistryAuth.hostPort(response.request().url());
        if ((response.code() == 401 || response.code() == 403) && !answering.equalsIgnoreCase(host)) {
            // a redirect took the request elsewhere (blob storage): credentials are never sent there, so the
            // refusal is about the storage's own access, not ours
            reason += " (from " + answering + ", where " + host + " sent the request"
                    + (response.code() == 401 ? "; " + host + "'s credentials are never sent to another host)" : ")");
            return new RegistryException(
                    action, response.code(), error.code(), RegistryException.Kind.STORAGE_REFUSED, reason, null);
        } else if (response.code() == 401) {
            reason += response.request().header("Authorization") == null
                    ? " (no credentials were given for " + host + ")"
                    : " (the registry refused the credentials)";
        }
        return new RegistryException(action, response.code(), error.code(), reason);
    }

    static byte[] readLimited(ResponseBody body, int limit, String action) throws IOException {
        if (body == null) {
            return new byte[0];
        }
        if (body.contentLength() > limit) {
            throw tooLarge(
                    action, "the answer is " + body.contentLength() + " bytes, more than the " + limit + " accepted");
        }
        try (InputStream in = body.byteStream()) {
            byte[] bytes = in.readNBytes(limit + 1);
            if (bytes.length > limit) {
                throw tooLarge(action, "the answer is more than the " + limit + " bytes accepted");
            }
            return bytes;
        }
    }

    /**
     * An answer too large to be what was asked for: the registry answered (not a broken connection), and another
     * attempt would get the same, so it is not retried.
     */
    private static RegistryException tooLarge(String action, String words) {
        return new RegistryException(action, new IoFailure(RegistryException.Kind.REFUSED, words, true), words, null);
    }

    HttpUrl.Builder repoUrl() {
        return base.newBuilder().addPathSegments(name.repository());
    }

    HttpUrl manifestUrl(String reference) {
        if (Digest.isDigest(reference)) {
            Digest.parse(reference);
        } else {
            ImageReference.requireValidTag(reference);
        }
        return repoUrl().addPathSegment("manifests").addPathSegment(reference).build();
    }

    HttpUrl blobUrl(Digest digest) {
        return repoUrl()
                .addPathSegment("blobs")
                .addPathSegment(digest.toString())
                .build();
    }

    String display(String reference) {
        return name + (Digest.isDigest(reference) ? "@" : ":") + reference;
    }

    static String stripParameters(String contentType) {
        if (contentType == null) {
            return null;
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
    }

    static HttpUrl nextPage(Response response, HttpUrl current) {
        return LinkHeaders.next(response.headers("Link"), current);
    }

    static HttpUrl location(Response response, String action) {
        String location = response.header("Location");
        HttpUrl url = location == null ? null : response.request().url().resolve(location);
        if (url == null) {
            throw new RegistryException(
                    action,
                    response.code(),
                    null,
                    "the registry answered " + response.code() + " without a usable Location header");
        }
        return url;
    }
}

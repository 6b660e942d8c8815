package dev.dockertag.registry;

import dev.dockertag.registry.image.Digest;
import dev.dockertag.registry.image.MediaTypes;
import dev.dockertag.registry.internal.http.AuthFailedException;
import dev.dockertag.registry.internal.http.ErrorBodies;
import dev.dockertag.registry.internal.http.RegistryAuth;
import dev.dockertag.registry.internal.http.RequestScope;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * How every endpoint of a repository talks to the registry: the URLs, one {@link #execute} that sends a
 * request through the client's auth and retry interceptors within its deadline, and the one mapping of
 * an HTTP failure (or an I/O one) to a {@link RegistryException} that says what was tried and why it
 * failed. The endpoint classes beside it (ManifestResolve, BlobUpload...) each do one operation.
 */
final class RegistryCall {

    /** OCI's advice: registries may refuse manifests over 4 MiB, so nothing larger is read into memory. */
    static final int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
    static final MediaType OCTET_STREAM = MediaType.get("application/octet-stream");
    static final String ACCEPT = String.join(", ", MediaTypes.MANIFEST_ACCEPT);
    private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");

    private final RegistryClient client;
    private final ImageReference name;
    private final HttpUrl base;
    private final String host;

    RegistryCall(RegistryClient client, ImageReference reference) {
        this.client = client;
        this.name = new ImageReference(reference.registry(), reference.repository(), Optional.empty(),
                Optional.empty());
        String scheme = client.allowPlainHttp() ? "http" : "https";
        HttpUrl parsed = HttpUrl.parse(scheme + "://" + reference.apiHost() + "/v2/");
        if (parsed == null) {
            throw new IllegalArgumentException("invalid registry host '" + reference.registry() + "'");
        }
        this.base = parsed;
        this.host = RegistryAuth.hostPort(parsed);
    }

    ImageReference name() {
        return name;
    }

    RegistryClient client() {
        return client;
    }

    /** Reads an answer the registry gave; may throw {@link IOException} while reading its body. */
    @FunctionalInterface
    interface Reader<T> {
        T read(Response response) throws IOException;
    }

    /**
     * A HEAD or GET of a manifest with every manifest type accepted: empty on a 404, a
     * {@link RegistryException} on any other failure, else what {@code reader} makes of the answer
     * (null meaning empty).
     */
    <T> Optional<T> manifest(String reference, boolean head, String action, Reader<T> reader) {
        Request.Builder request = new Request.Builder().url(manifestUrl(reference)).header("Accept", ACCEPT);
        try (Response response = execute(head ? request.head() : request.get(), "pull", action)) {
            if (response.code() == 404) {
                return Optional.empty();
            }
            if (!response.isSuccessful()) {
                throw failure(response, action);
            }
            return Optional.ofNullable(reader.read(response));
        } catch (IOException e) {
            throw new RegistryException(action, 0, null, describe(e), e);
        }
    }

    RequestScope scope(String actions) {
        return RequestScope.repository(host, name.repository(), actions);
    }

    Response execute(Request.Builder request, String actions, String action) {
        return execute(request, scope(actions), action);
    }

    Response execute(Request.Builder request, RequestScope scope, String action) {
        try {
            return client.http().newCall(request.tag(RequestScope.class, scope).build()).execute();
        } catch (AuthFailedException e) {
            throw new RegistryException(action, 401, "UNAUTHORIZED", e.getMessage(), e);
        } catch (IOException e) {
            throw new RegistryException(action, 0, null, describe(e), e);
        }
    }

    RegistryException failure(Response response, String action) {
        byte[] body;
        try {
            body = response.body() == null ? new byte[0] : readLimited(response.body(), 16 * 1024, action);
        } catch (IOException | RegistryException e) {
            body = new byte[0];
        }
        ErrorBodies.ParsedError error = ErrorBodies.parse(response.code(), body);
        String reason = error.reason();
        if (response.code() == 401) {
            reason += response.request().header("Authorization") == null
                    ? " (no credentials were given for " + host + ")"
                    : " (the registry refused the credentials)";
        }
        return new RegistryException(action, response.code(), error.code(), reason);
    }

    String describe(IOException e) {
        if (e instanceof ConnectException) {
            return "cannot connect to " + host + ": " + e.getMessage();
        }
        if (e instanceof UnknownHostException) {
            return "unknown host " + host;
        }
        if (e instanceof SocketTimeoutException) {
            return "no answer from " + host + " in time (" + e.getMessage() + ")";
        }
        if (e instanceof SSLException) {
            return "TLS with " + host + " failed: " + e.getMessage();
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    static byte[] readLimited(ResponseBody body, int limit, String action) throws IOException {
        if (body == null) {
            return new byte[0];
        }
        if (body.contentLength() > limit) {
            throw new RegistryException(action, 0, null,
                    "the answer is " + body.contentLength() + " bytes, more than the " + limit + " accepted");
        }
        try (InputStream in = body.byteStream()) {
            byte[] bytes = in.readNBytes(limit + 1);
            if (bytes.length > limit) {
                throw new RegistryException(action, 0, null, "the answer is more than the " + limit + " bytes accepted");
            }
            return bytes;
        }
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
        return repoUrl().addPathSegment("blobs").addPathSegment(digest.toString()).build();
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
        for (String link : response.headers("Link")) {
            Matcher m = NEXT_LINK.matcher(link);
            if (m.find()) {
                return current.resolve(m.group(1));
            }
        }
        return null;
    }

    static HttpUrl location(Response response, String action) {
        String location = response.header("Location");
        HttpUrl url = location == null ? null : response.request().url().resolve(location);
        if (url == null) {
            throw new RegistryException(action, response.code(), null,
                    "the registry answered " + response.code() + " without a usable Location header");
        }
        return url;
    }
}

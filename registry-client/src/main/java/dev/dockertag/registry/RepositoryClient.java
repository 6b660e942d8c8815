package dev.dockertag.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dockertag.registry.http.AuthFailedException;
import dev.dockertag.registry.http.ErrorBodies;
import dev.dockertag.registry.http.RegistryAuth;
import dev.dockertag.registry.http.RequestScope;
import dev.dockertag.registry.http.RetryInterceptor;
import dev.dockertag.registry.image.Descriptor;
import dev.dockertag.registry.image.Json;
import dev.dockertag.registry.image.Manifest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSink;

/**
 * The registry operations on one repository: manifests (resolve, fetch, push, delete), tags (list,
 * delete), blobs (check, download, upload, mount). Every fetched manifest and blob is checked against
 * its digest. Obtain one from {@link RegistryClient#repository(ImageReference)}.
 */
public final class RepositoryClient {

    /** OCI's advice: registries may refuse manifests over 4 MiB, so nothing larger is read into memory. */
    static final int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
    private static final MediaType OCTET_STREAM = MediaType.get("application/octet-stream");
    private static final String ACCEPT = String.join(", ", MediaTypes.MANIFEST_ACCEPT);
    private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");
    private static final Pattern CONTENT_RANGE_START = Pattern.compile("bytes (\\d+)-");

    private final RegistryClient client;
    private final ImageReference name;
    private final HttpUrl base;
    private final String host;

    RepositoryClient(RegistryClient client, ImageReference reference) {
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

    /** The repository, {@code host/path}, with neither tag nor digest. */
    public ImageReference name() {
        return name;
    }

    // ------------------------------------------------------------------------------------ manifests

    /**
     * The descriptor (media type, digest, size) a tag or digest points at, or empty when there is no
     * such manifest. A HEAD with every manifest type accepted; a GET only if the HEAD gives no digest.
     */
    public Optional<Descriptor> resolve(String reference) {
        String action = "resolve " + display(reference);
        Request.Builder request = new Request.Builder().url(manifestUrl(reference)).head().header("Accept", ACCEPT);
        try (Response response = execute(request, "pull", action)) {
            if (response.code() == 404) {
                return Optional.empty();
            }
            if (!response.isSuccessful()) {
                throw failure(response, action);
            }
            String digestHeader = response.header("Docker-Content-Digest");
            String contentType = response.header("Content-Type");
            String length = response.header("Content-Length");
            if (digestHeader == null || contentType == null || length == null) {
                return fetchManifest(reference).map(Manifest::descriptor);
            }
            Digest digest = Digest.parse(digestHeader.trim());
            if (Digest.isDigest(reference) && !Digest.parse(reference).equals(digest)) {
                throw new DigestMismatchException(action, Digest.parse(reference), digest, Long.parseLong(length));
            }
            return Optional.of(Descriptor.of(stripParameters(contentType), digest, Long.parseLong(length)));
        }
    }

    /** The manifest or index at a tag or digest, verified against its digest; empty when there is none. */
    public Optional<Manifest> fetchManifest(String reference) {
        String action = "fetch manifest " + display(reference);
        Request.Builder request = new Request.Builder().url(manifestUrl(reference)).get().header("Accept", ACCEPT);
        try (Response response = execute(request, "pull", action)) {
            if (response.code() == 404) {
                return Optional.empty();
            }
            if (!response.isSuccessful()) {
                throw failure(response, action);
            }
            byte[] bytes = readLimited(response.body(), MAX_MANIFEST_BYTES, action);
            Manifest manifest = Manifest.of(bytes, stripParameters(response.header("Content-Type")));
            Optional<Digest> expected = Digest.isDigest(reference) ? Optional.of(Digest.parse(reference))
                    : Optional.ofNullable(response.header("Docker-Content-Digest")).map(String::trim).map(Digest::parse);
            if (expected.isPresent() && expected.get().algorithm().equals("sha256")
                    && !expected.get().equals(manifest.digest())) {
                throw new DigestMismatchException(action, expected.get(), manifest.digest(), bytes.length);
            }
            return Optional.of(manifest);
        } catch (IOException e) {
            throw new RegistryException(action, 0, null, describe(e), e);
        }
    }

    /** Puts a manifest under a tag (or its digest); returns its digest, checked against the registry's. */
    public Digest pushManifest(String reference, Manifest manifest) {
        String action = "push manifest " + display(reference);
        Request.Builder request = new Request.Builder().url(manifestUrl(reference))
                .put(RequestBody.create(manifest.bytes(), MediaType.get(manifest.mediaType())));
        try (Response response = execute(request, "pull,push", action)) {
            if (!response.isSuccessful()) {
                throw failure(response, action);
            }
            String header = response.header("Docker-Content-Digest");
            if (header != null && !Digest.parse(header.trim()).equals(manifest.digest())) {
                throw new DigestMismatchException(action, manifest.digest(), Digest.parse(header.trim()),
                        manifest.bytes().length);
            }
            return manifest.digest();
        }
    }

    /**
     * Deletes a manifest by digest. Registries then drop <em>every</em> tag that points at it: callers
     * that mean to remove one tag want {@link #deleteTag(String)}. Returns false when it was not there.
     */
    public boolean deleteManifest(Digest digest) {
        String action = "delete manifest " + display(digest.toString());
        Request.Builder request = new Request.Builder().url(manifestUrl(digest.toString())).delete();
        try (Response response = execute(request, "pull,push,delete", action)) {
            if (response.code() == 404) {
                return false;
            }
            if (!response.isSuccessful()) {
                throw failure(response, action);
            }
            return true;
        }
    }

    /**
     * OCI 1.1 tag delete: removes the tag only. Registries without it answer 400 or 405 and change
     * nothing ({@link TagDeletion#UNSUPPORTED}); it is never assumed, only read from the answer.
     */
    public TagDeletion deleteTag(String tag) {
        ImageReference.requireValidTag(tag);
        String action = "delete tag " + display(tag);
        Request.Builder request = new Request.Builder().url(manifestUrl(tag)).delete();
        try (Response response = execute(request, "pull,push,delete", action)) {
            return switch (response.code()) {
                case 200, 202, 204 -> TagDeletion.DELETED;
                case 404 -> TagDeletion.NOT_FOUND;
                case 400, 405 -> TagDeletion.UNSUPPORTED;
                default -> throw failure(response, action);
            };
        }
    }

    /**
     * Asks whether the registry deletes tags (OCI 1.1) without touching anything: deletes a tag that
     * cannot exist. A registry with tag delete says 404; one without says 400 or 405.
     */
    public boolean supportsTagDelete() {
        String probe = "dockertag-probe-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        return deleteTag(probe) != TagDeletion.UNSUPPORTED;
    }

    /**
     * Asks whether the registry deletes manifests at all, without touching anything: deletes a digest
     * that cannot exist. A registry that deletes says 404 (or 202); one with deletion disabled says
     * 405 (distribution without {@code storage.delete.enabled}). Anything else is a failure.
     */
    public boolean supportsManifestDelete() {
        Digest probe = Digest.sha256(("dockertag-probe-" + ThreadLocalRandom.current().nextLong()).getBytes(
                java.nio.charset.StandardCharsets.UTF_8));
        String action = "probe manifest delete in " + name;
        Request.Builder request = new Request.Builder().url(manifestUrl(probe.toString())).delete();
        try (Response response = execute(request, "pull,push,delete", action)) {
            return switch (response.code()) {
                case 200, 202, 204, 404 -> true;
                case 405 -> false;
                default -> throw failure(response, action);
            };
        }
    }

    /**
     * The manifests whose {@code subject} is {@code subject}, from the OCI 1.1 referrers API (following
     * {@code Link} pagination); empty when the registry has no referrers API (it answers 404, which a
     * registry with the API never does). Clients then look for the {@code sha256-<hex>} fallback tag.
     */
    public Optional<List<Descriptor>> referrers(Digest subject) {
        String action = "list referrers of " + subject + " in " + name;
        List<Descriptor> found = new java.util.ArrayList<>();
        Set<HttpUrl> seen = new HashSet<>();
        HttpUrl url = repoUrl().addPathSegment("referrers").addPathSegment(subject.toString()).build();
        while (url != null && seen.add(url)) {
            try (Response response = execute(new Request.Builder().url(url).get().header("Accept",
                    MediaTypes.OCI_INDEX), "pull", action)) {
                if (response.code() == 404) {
                    return Optional.empty();
                }
                if (!response.isSuccessful()) {
                    throw failure(response, action);
                }
                Manifest page = Manifest.of(readLimited(response.body(), MAX_MANIFEST_BYTES, action),
                        MediaTypes.OCI_INDEX);
                found.addAll(page.asIndex().manifestsOrEmpty());
                url = nextPage(response, url);
            } catch (IOException e) {
                throw new RegistryException(action, 0, null, describe(e), e);
            }
        }
        return Optional.of(List.copyOf(found));
    }

    // ------------------------------------------------------------------------------------------ tags

    /**
     * Every tag of the repository, following {@code Link} pagination to the end and tolerating
     * registries that ignore {@code n} (distribution 2.8 returns everything at once). A repository
     * that does not exist is a {@link RegistryException} with status 404.
     */
    public List<String> listTags() {
        String action = "list tags of " + name;
        Set<String> tags = new LinkedHashSet<>();
        Set<HttpUrl> seen = new HashSet<>();
        HttpUrl url = repoUrl().addPathSegments("tags/list").addQueryParameter("n", "1000").build();
        while (url != null && seen.add(url)) {
            try (Response response = execute(new Request.Builder().url(url).get(), "pull", action)) {
                if (response.code() == 400 && url.queryParameter("n") != null) {
                    url = url.newBuilder().removeAllQueryParameters("n").build(); // PAGINATION_NUMBER_INVALID
                    continue;
                }
                if (!response.isSuccessful()) {
                    throw failure(response, action);
                }
                JsonNode page = Json.MAPPER.readTree(readLimited(response.body(), 64 * 1024 * 1024, action));
                int before = tags.size();
                page.path("tags").forEach(t -> tags.add(t.asText()));
                url = nextPage(response, url);
                if (tags.size() == before && url != null && page.path("tags").size() > 0) {
                    url = null; // a registry that ignores 'last' repeats itself: we have everything
                }
            } catch (IOException e) {
                throw new RegistryException(action, 0, null, describe(e), e);
            }
        }
        return List.copyOf(tags);
    }

    private static HttpUrl nextPage(Response response, HttpUrl current) {
        for (String link : response.headers("Link")) {
            Matcher m = NEXT_LINK.matcher(link);
            if (m.find()) {
                return current.resolve(m.group(1));
            }
        }
        return null;
    }

    // ----------------------------------------------------------------------------------------- blobs

    /** The size of a blob the repository has, or empty when it has none. */
    public Optional<Long> blobSize(Digest digest) {
        String action = "check blob " + digest + " in " + name;
        try (Response response = execute(new Request.Builder().url(blobUrl(digest)).head(), "pull", action)) {
            if (response.code() == 404) {
                return Optional.empty();
            }
            if (!response.isSuccessful()) {
                throw failure(response, action);
            }
            String length = response.header("Content-Length");
            return Optional.of(length == null ? -1L : Long.parseLong(length));
        }
    }

    /**
     * Downloads a blob to a file, streaming (never held in memory), resuming with a {@code Range}
     * request or starting over when the connection drops, within the retry policy's attempts. The file
     * holds exactly the blob when this returns; on a digest or size mismatch it is deleted and a
     * {@link DigestMismatchException} thrown.
     *
     * @param size the expected size, or -1 when unknown
     */
    public void fetchBlob(Digest digest, long size, Path target, ProgressListener progress) {
        String action = "download blob " + digest + " of " + name;
        MessageDigest hasher = digest.newHasher();
        long have = 0;
        RetryPolicy policy = client.retryPolicy();
        try (FileChannel channel = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            OutputStream out = Channels.newOutputStream(channel);
            for (int attempt = 1; ; attempt++) {
                Request.Builder request = new Request.Builder().url(blobUrl(digest)).get();
                if (have > 0) {
                    request.header("Range", "bytes=" + have + "-");
                }
                try (Response response = execute(request, "pull", action)) {
                    if (!response.isSuccessful()) {
                        throw failure(response, action);
                    }
                    if (have > 0 && (response.code() != 206 || rangeStart(response) != have)) {
                        channel.truncate(0);
                        channel.position(0);
                        hasher.reset();
                        have = 0;
                    }
                    try (InputStream in = response.body().byteStream()) {
                        byte[] buffer = new byte[128 * 1024];
                        for (int n; (n = in.read(buffer)) > 0; ) {
                            out.write(buffer, 0, n);
                            hasher.update(buffer, 0, n);
                            have += n;
                            progress.progress(digest, have, size);
                            if (size >= 0 && have > size) {
                                break; // more than the descriptor says: fail the check below
                            }
                        }
                    }
                    break;
                } catch (RegistryException e) {
                    throw e;
                } catch (IOException e) {
                    if (attempt >= policy.maxAttempts() || RetryInterceptor.isPermanent(e)
                            || !client.backOff(attempt, "GET " + blobUrl(digest))) {
                        throw new RegistryException(action, 0, null, describe(e) + " (after " + attempt
                                + (attempt == 1 ? " attempt, " : " attempts, ") + have + " bytes received)", e);
                    }
                }
            }
        } catch (IOException e) {
            throw new RegistryException(action, 0, null, "cannot write " + target + ": " + e.getMessage(), e);
        }
        byte[] hash = hasher.digest();
        if ((size >= 0 && have != size) || !digest.matches(hash)) {
            deleteQuietly(target);
            throw new DigestMismatchException(action, digest,
                    new Digest(digest.algorithm(), HexFormat.of().formatHex(hash)), have);
        }
    }

    private static long rangeStart(Response response) {
        String range = response.header("Content-Range");
        Matcher m = range == null ? null : CONTENT_RANGE_START.matcher(range);
        return m != null && m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /**
     * A stream of a blob's bytes that checks the digest (and size, when known) as it reaches the end:
     * the last {@code read} throws {@link DigestMismatchException} rather than return -1 on bad content.
     * For single-pass consumers (unpacking straight from the network); no retries once reading began.
     */
    public InputStream openBlob(Digest digest, long size) {
        String action = "download blob " + digest + " of " + name;
        Response response = execute(new Request.Builder().url(blobUrl(digest)).get(), "pull", action);
        if (!response.isSuccessful()) {
            try (response) {
                throw failure(response, action);
            }
        }
        return new VerifyingInputStream(response.body().byteStream(), digest, size, action);
    }

    /**
     * Makes the blob exist in this repository: nothing if it already does, a cross-repository mount
     * when {@code mountFrom} (a repository path on the same registry) has it, else an upload, in one
     * PUT or in PATCH chunks depending on its size. A failed upload starts over, within the retry
     * policy's attempts.
     */
    public BlobPush pushBlob(Digest digest, BlobContent content, Optional<String> mountFrom, ProgressListener progress) {
        if (blobSize(digest).isPresent()) {
            return BlobPush.EXISTED;
        }
        String action = "upload blob " + digest + " to " + name;
        HttpUrl session = null;
        if (mountFrom.isPresent() && !mountFrom.get().equals(name.repository())) {
            HttpUrl mountUrl = repoUrl().addPathSegments("blobs/uploads/")
                    .addQueryParameter("mount", digest.toString())
                    .addQueryParameter("from", mountFrom.get()).build();
            String mountAction = "mount blob " + digest + " from " + mountFrom.get() + " into " + name;
            RequestScope scope = scope("pull,push").plus(mountFrom.get(), "pull");
            try (Response response = execute(new Request.Builder().url(mountUrl)
                    .post(RequestBody.create(new byte[0], null)), scope, mountAction)) {
                if (response.code() == 201) {
                    return BlobPush.MOUNTED;
                }
                if (response.code() != 202) {
                    throw failure(response, mountAction);
                }
                session = location(response, mountAction);
            }
        }
        RetryPolicy policy = client.retryPolicy();
        for (int attempt = 1; ; attempt++) {
            try {
                if (session == null) {
                    session = startUpload(action);
                }
                if (content.size() <= client.monolithicUploadLimit()) {
                    finishUpload(session, digest, body(content, 0, content.size(), digest, 0, progress), action);
                } else {
                    uploadChunks(session, digest, content, progress, action);
                }
                return BlobPush.UPLOADED;
            } catch (RegistryException e) {
                if (!mayPassNextTime(e) || e instanceof DigestMismatchException || attempt >= policy.maxAttempts()) {
                    throw e;
                }
                session = null;
                if (!client.backOff(attempt, "POST " + repoUrl().addPathSegments("blobs/uploads/").build())) {
                    throw e;
                }
            }
        }
    }

    /** An upload that failed this way may succeed from the start: no answer, a server error, throttling. */
    private static boolean mayPassNextTime(RegistryException e) {
        return e.status() == 0 || e.status() >= 500 || e.status() == 429;
    }

    /** Writes a blob's bytes as they are made; called again from the start when an upload is retried. */
    @FunctionalInterface
    public interface StreamedBlob {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Uploads a blob whose bytes are made while they are sent (a layer compressed on the fly), so its
     * digest and size are known only at the end: one PATCH streams them (chunked), then the PUT names
     * the digest they hashed to. A failed attempt starts over, within the retry policy; a failure of
     * {@code blob} itself (its source is corrupt) is thrown as it is and not retried. Nothing is
     * published unless every byte was sent.
     */
    public Descriptor pushStreamed(String mediaType, StreamedBlob blob) {
        String action = "upload a blob to " + name;
        RetryPolicy policy = client.retryPolicy();
        for (int attempt = 1; ; attempt++) {
            StreamedBody body = new StreamedBody(blob);
            try {
                HttpUrl session = startUpload(action);
                HttpUrl uploaded;
                try (Response response = execute(new Request.Builder().url(session).patch(body), "pull,push", action)) {
                    if (response.code() != 202) {
                        throw failure(response, action);
                    }
                    uploaded = location(response, action);
                }
                Digest digest = Digest.sha256Of(body.sha256.digest());
                finishUpload(uploaded, digest, RequestBody.create(new byte[0], OCTET_STREAM), action);
                return Descriptor.of(mediaType, digest, body.size);
            } catch (RegistryException e) {
                if (body.blobFailure != null) {
                    throw new UncheckedIOException(body.blobFailure);
                }
                if (!mayPassNextTime(e) || attempt >= policy.maxAttempts()
                        || !client.backOff(attempt, "PATCH " + repoUrl().addPathSegments("blobs/uploads/").build())) {
                    throw e;
                }
            }
        }
    }

    /** The body of {@link #pushStreamed}: hashes and counts what {@code blob} writes, and tells its failures from the network's. */
    private static final class StreamedBody extends RequestBody {
        private final StreamedBlob blob;
        final MessageDigest sha256 = Digest.newSha256();
        long size;
        IOException blobFailure;

        StreamedBody(StreamedBlob blob) {
            this.blob = blob;
        }

        @Override
        public MediaType contentType() {
            return OCTET_STREAM;
        }

        @Override
        public long contentLength() {
            return -1;
        }

        @Override
        public boolean isOneShot() {
            return true;
        }

        @Override
        public void writeTo(BufferedSink sink) throws IOException {
            boolean[] networkFailed = new boolean[1];
            OutputStream out = new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] bytes, int offset, int length) throws IOException {
                    try {
                        sink.write(bytes, offset, length);
                    } catch (IOException e) {
                        networkFailed[0] = true;
                        throw e;
                    }
                    sha256.update(bytes, offset, length);
                    size += length;
                }
            };
            try {
                blob.writeTo(out);
            } catch (IOException e) {
                if (!networkFailed[0]) {
                    blobFailure = e; // the sending never failed: the blob's own source did
                }
                throw e;
            }
        }
    }

    private HttpUrl startUpload(String action) {
        HttpUrl url = repoUrl().addPathSegments("blobs/uploads/").build();
        try (Response response = execute(new Request.Builder().url(url).post(RequestBody.create(new byte[0], null)),
                "pull,push", action)) {
            if (response.code() != 202) {
                throw failure(response, action);
            }
            return location(response, action);
        }
    }

    private void uploadChunks(HttpUrl session, Digest digest, BlobContent content, ProgressListener progress,
                              String action) {
        long size = content.size();
        long chunk = client.chunkSize();
        HttpUrl current = session;
        for (long offset = 0; offset < size; offset += chunk) {
            long length = Math.min(chunk, size - offset);
            Request.Builder request = new Request.Builder().url(current)
                    .patch(body(content, offset, length, digest, offset, progress))
                    .header("Content-Range", offset + "-" + (offset + length - 1));
            try (Response response = execute(request, "pull,push", action)) {
                if (response.code() != 202) {
                    throw failure(response, action);
                }
                current = location(response, action);
            }
        }
        finishUpload(current, digest, RequestBody.create(new byte[0], OCTET_STREAM), action);
    }

    private void finishUpload(HttpUrl session, Digest digest, RequestBody body, String action) {
        HttpUrl url = session.newBuilder().addQueryParameter("digest", digest.toString()).build();
        try (Response response = execute(new Request.Builder().url(url).put(body), "pull,push", action)) {
            if (response.code() != 201 && response.code() != 204) {
                throw failure(response, action);
            }
            String header = response.header("Docker-Content-Digest");
            if (header != null && !Digest.parse(header.trim()).equals(digest)) {
                throw new DigestMismatchException(action, digest, Digest.parse(header.trim()), -1);
            }
        }
    }

    /** A one-shot body of {@code length} bytes of {@code content} from {@code offset}, reporting progress. */
    private static RequestBody body(BlobContent content, long offset, long length, Digest digest, long doneBefore,
                                    ProgressListener progress) {
        long total = content.size();
        return new RequestBody() {
            @Override
            public MediaType contentType() {
                return OCTET_STREAM;
            }

            @Override
            public long contentLength() {
                return length;
            }

            @Override
            public boolean isOneShot() {
                return true;
            }

            @Override
            public void writeTo(BufferedSink sink) throws IOException {
                try (InputStream in = content.open()) {
                    in.skipNBytes(offset);
                    byte[] buffer = new byte[128 * 1024];
                    long left = length;
                    while (left > 0) {
                        int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                        if (n < 0) {
                            throw new IOException("blob source ended " + left + " bytes early");
                        }
                        sink.write(buffer, 0, n);
                        left -= n;
                        progress.progress(digest, doneBefore + (length - left), total);
                    }
                }
            }
        };
    }

    private static HttpUrl location(Response response, String action) {
        String location = response.header("Location");
        HttpUrl url = location == null ? null : response.request().url().resolve(location);
        if (url == null) {
            throw new RegistryException(action, response.code(), null,
                    "the registry answered " + response.code() + " without a usable Location header");
        }
        return url;
    }

    // -------------------------------------------------------------------------------------- plumbing

    private RequestScope scope(String actions) {
        return RequestScope.repository(host, name.repository(), actions);
    }

    private Response execute(Request.Builder request, String actions, String action) {
        return execute(request, scope(actions), action);
    }

    private Response execute(Request.Builder request, RequestScope scope, String action) {
        try {
            return client.http().newCall(request.tag(RequestScope.class, scope).build()).execute();
        } catch (AuthFailedException e) {
            throw new RegistryException(action, 401, "UNAUTHORIZED", e.getMessage(), e);
        } catch (IOException e) {
            throw new RegistryException(action, 0, null, describe(e), e);
        }
    }

    private RegistryException failure(Response response, String action) {
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

    private String describe(IOException e) {
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

    private static byte[] readLimited(ResponseBody body, int limit, String action) throws IOException {
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

    private HttpUrl.Builder repoUrl() {
        return base.newBuilder().addPathSegments(name.repository());
    }

    private HttpUrl manifestUrl(String reference) {
        if (Digest.isDigest(reference)) {
            Digest.parse(reference);
        } else {
            ImageReference.requireValidTag(reference);
        }
        return repoUrl().addPathSegment("manifests").addPathSegment(reference).build();
    }

    private HttpUrl blobUrl(Digest digest) {
        return repoUrl().addPathSegment("blobs").addPathSegment(digest.toString()).build();
    }

    private String display(String reference) {
        return name + (Digest.isDigest(reference) ? "@" : ":") + reference;
    }

    private static String stripParameters(String contentType) {
        if (contentType == null) {
            return null;
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the mismatch is the error worth reporting
        }
    }
}

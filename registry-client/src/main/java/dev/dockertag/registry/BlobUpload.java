package dev.dockertag.registry;

import dev.dockertag.registry.image.Descriptor;
import dev.dockertag.registry.image.Digest;
import dev.dockertag.registry.internal.http.RequestScope;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;

/** Blobs into the repository: mounted, PUT whole, PATCHed in chunks, or streamed as they are made. */
final class BlobUpload {

    private final RegistryCall call;
    private final ImageReference name;
    private final RegistryClient client;
    private final BlobCheck check;

    BlobUpload(RegistryCall call, BlobCheck check) {
        this.call = call;
        this.name = call.name();
        this.client = call.client();
        this.check = check;
    }

    /**
     * Makes the blob exist in this repository: nothing if it already does, a cross-repository mount
     * when {@code mountFrom} (a repository path on the same registry) has it, else an upload, in one
     * PUT or in PATCH chunks depending on its size. A failed upload starts over, within the retry
     * policy's attempts.
     */
    BlobPush pushBlob(Digest digest, BlobContent content, Optional<String> mountFrom, ProgressListener progress) {
        if (check.blobSize(digest).isPresent()) {
            return BlobPush.EXISTED;
        }
        String action = "upload blob " + digest + " to " + name;
        HttpUrl session = null;
        if (mountFrom.isPresent() && !mountFrom.get().equals(name.repository())) {
            HttpUrl mountUrl = call.repoUrl().addPathSegments("blobs/uploads/")
                    .addQueryParameter("mount", digest.toString())
                    .addQueryParameter("from", mountFrom.get()).build();
            String mountAction = "mount blob " + digest + " from " + mountFrom.get() + " into " + name;
            RequestScope scope = call.scope("pull,push").plus(mountFrom.get(), "pull");
            try (Response response = call.execute(new Request.Builder().url(mountUrl)
                    .post(RequestBody.create(new byte[0], null)), scope, mountAction)) {
                if (response.code() == 201) {
                    return BlobPush.MOUNTED;
                }
                if (response.code() != 202) {
                    throw call.failure(response, mountAction);
                }
                session = RegistryCall.location(response, mountAction);
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
                if (!client.backOff(attempt, "POST " + call.repoUrl().addPathSegments("blobs/uploads/").build())) {
                    throw e;
                }
            }
        }
    }

    /** An upload that failed this way may succeed from the start: no answer, a server error, throttling. */
    private static boolean mayPassNextTime(RegistryException e) {
        return e.status() == 0 || e.status() >= 500 || e.status() == 429;
    }

    /**
     * Uploads a blob whose bytes are made while they are sent (a layer compressed on the fly), so its
     * digest and size are known only at the end: one PATCH streams them (chunked), then the PUT names
     * the digest they hashed to. A failed attempt starts over, within the retry policy; a failure of
     * {@code blob} itself (its source is corrupt) is thrown as it is and not retried. Nothing is
     * published unless every byte was sent.
     */
    Descriptor pushStreamed(String mediaType, RepositoryClient.StreamedBlob blob) {
        String action = "upload a blob to " + name;
        RetryPolicy policy = client.retryPolicy();
        for (int attempt = 1; ; attempt++) {
            StreamedBody body = new StreamedBody(blob);
            try {
                HttpUrl session = startUpload(action);
                HttpUrl uploaded;
                Request.Builder patch = new Request.Builder().url(session).patch(body);
                try (Response response = call.execute(patch, "pull,push", action)) {
                    if (response.code() != 202) {
                        throw call.failure(response, action);
                    }
                    uploaded = RegistryCall.location(response, action);
                }
                Digest digest = Digest.sha256Of(body.sha256.digest());
                finishUpload(uploaded, digest, RequestBody.create(new byte[0], RegistryCall.OCTET_STREAM), action);
                return Descriptor.of(mediaType, digest, body.size);
            } catch (RegistryException e) {
                if (body.blobFailure != null) {
                    throw new UncheckedIOException(body.blobFailure);
                }
                if (!mayPassNextTime(e) || attempt >= policy.maxAttempts()
                        || !client.backOff(attempt, "PATCH " + call.repoUrl().addPathSegments("blobs/uploads/")
                                .build())) {
                    throw e;
                }
            }
        }
    }

    /**
     * The body of {@link #pushStreamed}: hashes and counts what {@code blob} writes, and tells its
     * failures from the network's.
     */
    private static final class StreamedBody extends RequestBody {
        private final RepositoryClient.StreamedBlob blob;
        final MessageDigest sha256 = Digest.newSha256();
        long size;
        IOException blobFailure;

        StreamedBody(RepositoryClient.StreamedBlob blob) {
            this.blob = blob;
        }

        @Override
        public MediaType contentType() {
            return RegistryCall.OCTET_STREAM;
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
        HttpUrl url = call.repoUrl().addPathSegments("blobs/uploads/").build();
        Request.Builder post = new Request.Builder().url(url).post(RequestBody.create(new byte[0], null));
        try (Response response = call.execute(post, "pull,push", action)) {
            if (response.code() != 202) {
                throw call.failure(response, action);
            }
            return RegistryCall.location(response, action);
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
            try (Response response = call.execute(request, "pull,push", action)) {
                if (response.code() != 202) {
                    throw call.failure(response, action);
                }
                current = RegistryCall.location(response, action);
            }
        }
        finishUpload(current, digest, RequestBody.create(new byte[0], RegistryCall.OCTET_STREAM), action);
    }

    private void finishUpload(HttpUrl session, Digest digest, RequestBody body, String action) {
        HttpUrl url = session.newBuilder().addQueryParameter("digest", digest.toString()).build();
        try (Response response = call.execute(new Request.Builder().url(url).put(body), "pull,push", action)) {
            if (response.code() != 201 && response.code() != 204) {
                throw call.failure(response, action);
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
                return RegistryCall.OCTET_STREAM;
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
}

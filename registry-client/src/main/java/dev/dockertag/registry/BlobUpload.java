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
    /** The caller for the requests inside an upload attempt: the attempt is retried whole, they are not. */
    private final RegistryCall once;

    private final ImageReference name;
    private final RegistryClient client;
    private final BlobCheck check;

    BlobUpload(RegistryCall call, BlobCheck check) {
        this.call = call;
        this.once = call.retriedAbove();
        this.name = call.name();
        this.client = call.client();
        this.check = check;
    }

    /** See {@link RepositoryClient#pushBlob(Digest, BlobContent, Optional, ProgressListener)}, which is this. */
    BlobPush pushBlob(Digest digest, BlobContent content, Optional<String> mountFrom, ProgressListener progress) {
        if (check.blobSize(digest).isPresent()) {
            return BlobPush.EXISTED;
        }
        String action = "upload blob " + digest + " to " + name;
        HttpUrl declined = null; // the upload session a mount the registry declined opened instead
        if (mountFrom.isPresent() && !mountFrom.get().equals(name.repository())) {
            Mount mount = mount(digest, mountFrom.get());
            if (mount.mounted()) {
                return BlobPush.MOUNTED;
            }
            declined = mount.session();
        }
        HttpUrl firstSession = declined;
        return client.retries().operation("POST " + uploads(), attempt -> {
            // a failed attempt's session is dropped: each retry starts a new one
            HttpUrl session = attempt == 1 && firstSession != null ? firstSession : startUpload(action);
            if (content.size() <= client.monolithicUploadLimit()) {
                finishUpload(session, digest, body(content, 0, content.size(), digest, 0, progress), action);
            } else {
                uploadChunks(session, digest, content, progress, action);
            }
            return BlobPush.UPLOADED;
        });
    }

    /** What a mount request did: mounted the blob (201), or opened an upload session instead (202). */
    private record Mount(boolean mounted, HttpUrl session) {}

    private Mount mount(Digest digest, String from) {
        HttpUrl url = uploads()
                .newBuilder()
                .addQueryParameter("mount", digest.toString())
                .addQueryParameter("from", from)
                .build();
        String action = "mount blob " + digest + " from " + from + " into " + name;
        RequestScope scope = call.scope("pull,push").plus(from, "pull");
        return call.exchange(
                        new Request.Builder().url(url).post(RequestBody.create(new byte[0], null)),
                        scope,
                        action,
                        response -> switch (response.code()) {
                            case 201 -> new Mount(true, null);
                            case 202 -> new Mount(false, RegistryCall.location(response, action));
                            default -> throw call.failure(response, action);
                        })
                .orElseThrow();
    }

    /** See {@link RepositoryClient#pushStreamed(String, RepositoryClient.StreamedBlob)}, which is this. */
    Descriptor pushStreamed(String mediaType, RepositoryClient.StreamedBlob blob) {
        String action = "upload a blob to " + name;
        return client.retries().operation("PATCH " + uploads(), attempt -> {
            StreamedBody body = new StreamedBody(blob);
            try {
                HttpUrl session = startUpload(action);
                HttpUrl uploaded = once.exchange(
                                new Request.Builder().url(session).patch(body),
                                call.scope("pull,push"),
                                action,
                                response -> accepted(response, action))
                        .orElseThrow();
                Digest digest = Digest.sha256Of(body.sha256.digest());
                finishUpload(uploaded, digest, RequestBody.create(new byte[0], RegistryCall.OCTET_STREAM), action);
                return Descriptor.of(mediaType, digest, body.size);
            } catch (RegistryException e) {
                if (body.blobFailure != null) {
                    throw new UncheckedIOException(body.blobFailure); // the source, not the registry: no retry
                }
                throw e;
            }
        });
    }

    private HttpUrl uploads() {
        return call.repoUrl().addPathSegments("blobs/uploads/").build();
    }

    /** The session URL of an upload step the registry accepted (202), else its failure. */
    private HttpUrl accepted(Response response, String action) {
        if (response.code() != 202) {
            throw call.failure(response, action);
        }
        return RegistryCall.location(response, action);
    }

    /**
     * The body of {@link #pushStreamed}: hashes and counts what {@code blob} writes, and tells its failures from the
     * network's.
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
        Request.Builder post = new Request.Builder().url(uploads()).post(RequestBody.create(new byte[0], null));
        return once.exchange(post, call.scope("pull,push"), action, response -> accepted(response, action))
                .orElseThrow();
    }

    private void uploadChunks(
            HttpUrl session, Digest digest, BlobContent content, ProgressListener progress, String action) {
        long size = content.size();
        long chunk = client.chunkSize();
        HttpUrl current = session;
        for (long offset = 0; offset < size; offset += chunk) {
            long length = Math.min(chunk, size - offset);
            Request.Builder request = new Request.Builder()
                    .url(current)
                    .patch(body(content, offset, length, digest, offset, progress))
                    .header("Content-Range", offset + "-" + (offset + length - 1));
            current = once.exchange(request, call.scope("pull,push"), action, response -> accepted(response, action))
                    .orElseThrow();
        }
        finishUpload(current, digest, RequestBody.create(new byte[0], RegistryCall.OCTET_STREAM), action);
    }

    private void finishUpload(HttpUrl session, Digest digest, RequestBody body, String action) {
        HttpUrl url = session.newBuilder()
                .addQueryParameter("digest", digest.toString())
                .build();
        once.exchange(new Request.Builder().url(url).put(body), call.scope("pull,push"), action, response -> {
            if (response.code() != 201 && response.code() != 204) {
                throw call.failure(response, action);
            }
            String header = response.header("Docker-Content-Digest");
            if (header != null && !Digest.parse(header.trim()).equals(digest)) {
                throw new DigestMismatchException(action, digest, Digest.parse(header.trim()), -1);
            }
            return digest;
        });
    }

    /** A one-shot body of {@code length} bytes of {@code content} from {@code offset}, reporting progress. */
    private static RequestBody body(
            BlobContent content, long offset, long length, Digest digest, long doneBefore, ProgressListener progress) {
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

package dev.dockertag.registry;

import dev.dockertag.registry.image.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Request;
import okhttp3.Response;

/** Blobs GET to a file (resumed with Range) or as a verifying stream. */
final class BlobDownload {

    private final RegistryCall call;
    private final ImageReference name;
    private final RegistryClient client;
    private static final Pattern CONTENT_RANGE_START = Pattern.compile("bytes (\\d+)-");

    BlobDownload(RegistryCall call) {
        this.call = call;
        this.name = call.name();
        this.client = call.client();
    }

    /**
     * Downloads a blob to a file, streaming (never held in memory), resuming with a {@code Range}
     * request or starting over when the connection drops, within the retry policy's attempts. The file
     * holds exactly the blob when this returns; on a digest or size mismatch it is deleted and a
     * {@link DigestMismatchException} thrown.
     *
     * @param size the expected size, or -1 when unknown
     */
    void fetchBlob(Digest digest, long size, Path target, ProgressListener progress) {
        String action = "download blob " + digest + " of " + name;
        MessageDigest hasher = digest.newHasher();
        long have = 0;
        RetryPolicy policy = client.retryPolicy();
        try (FileChannel channel = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            OutputStream out = Channels.newOutputStream(channel);
            for (int attempt = 1; ; attempt++) {
                Request.Builder request = new Request.Builder().url(call.blobUrl(digest)).get();
                if (have > 0) {
                    request.header("Range", "bytes=" + have + "-");
                }
                try (Response response = call.execute(request, "pull", action)) {
                    if (!response.isSuccessful()) {
                        throw call.failure(response, action);
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
                            || !client.backOff(attempt, "GET " + call.blobUrl(digest))) {
                        throw new RegistryException(action, 0, null, call.describe(e) + " (after " + attempt
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
    InputStream openBlob(Digest digest, long size) {
        String action = "download blob " + digest + " of " + name;
        Response response = call.execute(new Request.Builder().url(call.blobUrl(digest)).get(), "pull", action);
        if (!response.isSuccessful()) {
            try (response) {
                throw call.failure(response, action);
            }
        }
        return new VerifyingInputStream(response.body().byteStream(), digest, size, action);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the mismatch is the error worth reporting
        }
    }
}

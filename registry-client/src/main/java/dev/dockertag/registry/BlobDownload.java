package dev.dockertag.registry;

import dev.dockertag.registry.image.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
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
    /** The caller for the requests inside a download attempt: the attempt is retried (resumed) whole. */
    private final RegistryCall once;

    private final ImageReference name;
    private final RegistryClient client;
    private static final Pattern CONTENT_RANGE_START = Pattern.compile("bytes (\\d+)-");

    BlobDownload(RegistryCall call) {
        this.call = call;
        this.once = call.retriedAbove();
        this.name = call.name();
        this.client = call.client();
    }

    /** See {@link RepositoryClient#fetchBlob(Digest,long,Path,ProgressListener)}, which is this. */
    void fetchBlob(Digest digest, long size, Path target, ProgressListener progress) {
        try {
            download(digest, size, target, progress);
        } catch (RegistryException e) {
            deleteQuietly(target); // a failed download leaves no file behind, whatever failed
            throw e;
        }
    }

    private void download(Digest digest, long size, Path target, ProgressListener progress) {
        String action = "download blob " + digest + " of " + name;
        MessageDigest hasher = digest.newHasher();
        long[] have = {0};
        try (FileChannel channel = FileChannel.open(
                target, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            OutputStream out = Channels.newOutputStream(channel);
            client.retries().operation("GET " + call.blobUrl(digest), attempt -> {
                Request.Builder request =
                        new Request.Builder().url(call.blobUrl(digest)).get();
                if (have[0] > 0) {
                    request.header("Range", "bytes=" + have[0] + "-");
                }
                try (Response response = once.open(request, call.scope("pull"), action)) {
                    if (!response.isSuccessful()) {
                        throw call.failure(response, action);
                    }
                    call.refusePage(response, action, "the blob");
                    if (have[0] > 0 && (response.code() != 206 || rangeStart(response) != have[0])) {
                        channel.truncate(0);
                        channel.position(0);
                        hasher.reset();
                        have[0] = 0;
                    }
                    try (InputStream in = response.body().byteStream()) {
                        byte[] buffer = new byte[128 * 1024];
                        for (int n; (n = in.read(buffer)) > 0; ) {
                            write(out, buffer, n);
                            hasher.update(buffer, 0, n);
                            have[0] += n;
                            progress.progress(digest, have[0], size);
                            if (size >= 0 && have[0] > size) {
                                break; // more than the descriptor says: fail the check below
                            }
                        }
                    }
                    return have[0];
                } catch (IOException e) {
                    throw call.ioFailure(
                            action,
                            e,
                            " (after " + attempt + (attempt == 1 ? " attempt, " : " attempts, ") + have[0]
                                    + " bytes received)");
                }
            });
        } catch (IOException | UncheckedIOException e) {
            Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
            throw new RegistryException(action, 0, null, "cannot write " + target + ": " + cause.getMessage(), cause);
        }
        byte[] hash = hasher.digest();
        if ((size >= 0 && have[0] != size) || !digest.matches(hash)) {
            deleteQuietly(target);
            throw new DigestMismatchException(
                    action,
                    digest,
                    new Digest(digest.algorithm(), HexFormat.of().formatHex(hash)),
                    have[0]);
        }
    }

    /** Writes to the target file; a failure there is the disk's, not the network's, and is not retried. */
    private static void write(OutputStream out, byte[] buffer, int n) {
        try {
            out.write(buffer, 0, n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long rangeStart(Response response) {
        String range = response.header("Content-Range");
        Matcher m = range == null ? null : CONTENT_RANGE_START.matcher(range);
        return m != null && m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /** See {@link RepositoryClient#openBlob(Digest,long)}, which is this. */
    InputStream openBlob(Digest digest, long size) {
        String action = "download blob " + digest + " of " + name;
        Response response =
                call.open(new Request.Builder().url(call.blobUrl(digest)).get(), call.scope("pull"), action);
        if (!response.isSuccessful()) {
            try (response) {
                throw call.failure(response, action);
            }
        }
        try {
            call.refusePage(response, action, "the blob");
        } catch (RegistryException e) {
            response.close();
            throw e;
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

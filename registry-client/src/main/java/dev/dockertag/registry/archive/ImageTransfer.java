package dev.dockertag.registry.archive;

import dev.dockertag.registry.BlobContent;
import dev.dockertag.registry.BlobPush;
import dev.dockertag.registry.DigestMismatchException;
import dev.dockertag.registry.ImageReference;
import dev.dockertag.registry.ProgressListener;
import dev.dockertag.registry.RegistryException;
import dev.dockertag.registry.RepositoryClient;
import dev.dockertag.registry.image.Descriptor;
import dev.dockertag.registry.image.Digest;
import dev.dockertag.registry.image.ImageManifest;
import dev.dockertag.registry.image.Manifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** Moves whole images: a local image into a repository, and a repository's image into an OCI layout. */
public final class ImageTransfer {

    /** What a push did; the counts are of distinct blobs. */
    public record PushResult(
            Digest digest, String mediaType, int uploaded, int existed, int mounted, long bytesUploaded) {}

    /** What a pull wrote: the root manifest and the blobs downloaded (those already present are not counted). */
    public record PullResult(Manifest root, int blobsDownloaded, long bytesDownloaded) {}

    private ImageTransfer() {}

    /**
     * Pushes an image (with every platform of an index) and points each tag at it. Blobs the repository has are not
     * sent again; blobs in {@code mountFrom} are mounted. The manifest bytes are pushed unchanged, so the digest is the
     * source's.
     */
    public static PushResult push(
            ImageSource source,
            RepositoryClient repo,
            List<String> tags,
            Optional<String> mountFrom,
            ProgressListener progress) {
        tags.forEach(ImageReference::requireValidTag);
        Manifest root = source.root();
        List<Manifest> images = new ArrayList<>();
        if (root.isIndex()) {
            for (Descriptor child : root.asIndex().manifestsOrEmpty()) {
                images.add(source.manifest(child));
            }
        } else {
            images.add(root);
        }
        Map<String, Descriptor> blobs = new LinkedHashMap<>();
        for (Manifest image : images) {
            if (image.isIndex()) {
                throw new IllegalArgumentException(source.description() + ": nested indexes are not supported");
            }
            ImageManifest parsed = image.asImageManifest();
            blobs.putIfAbsent(parsed.config().digest(), parsed.config());
            parsed.layersOrEmpty().forEach(layer -> blobs.putIfAbsent(layer.digest(), layer));
        }
        int[] counts = new int[BlobPush.values().length];
        long bytes = 0;
        for (Pushed pushed : pushBlobs(source, repo, List.copyOf(blobs.values()), mountFrom, progress)) {
            counts[pushed.result().ordinal()]++;
            if (pushed.result() == BlobPush.UPLOADED) {
                bytes += pushed.size();
            }
        }
        if (root.isIndex()) {
            for (Manifest image : images) {
                repo.pushManifest(image.digest().toString(), image);
            }
        }
        if (tags.isEmpty()) {
            repo.pushManifest(root.digest().toString(), root);
        }
        for (String tag : tags) {
            repo.pushManifest(tag, root);
        }
        return new PushResult(
                root.digest(),
                root.mediaType(),
                counts[BlobPush.UPLOADED.ordinal()],
                counts[BlobPush.EXISTED.ordinal()],
                counts[BlobPush.MOUNTED.ordinal()],
                bytes);
    }

    /** How many blobs a push uploads at once: enough to fill a link, few enough not to crowd a registry. */
    public static final int UPLOADS_AT_ONCE = 4;

    private record Pushed(BlobPush result, long size) {}

    /**
     * Pushes {@code blobs}, {@value #UPLOADS_AT_ONCE} at a time, and returns what became of each (in the order they
     * ended). The first failure, whichever blob it is, cancels the others (the ones waiting never start; the running
     * ones are interrupted, which ends an OkHttp exchange and any wait to retry) and is thrown once they have stopped:
     * one blob that cannot be pushed does not let the others spend their own attempts.
     */
    private static List<Pushed> pushBlobs(
            ImageSource source,
            RepositoryClient repo,
            List<Descriptor> blobs,
            Optional<String> mountFrom,
            ProgressListener progress) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(UPLOADS_AT_ONCE, blobs.size()), runnable -> {
            Thread thread = new Thread(runnable, "blob-upload");
            thread.setDaemon(true);
            return thread;
        });
        try {
            CompletionService<Pushed> done = new ExecutorCompletionService<>(pool);
            // set by the failing blob's own thread before it takes the next queued blob, which then
            // does not start: a queued blob must not slip in between the failure and the shutdown below
            AtomicBoolean failed = new AtomicBoolean();
            for (Descriptor blob : blobs) {
                done.submit(() -> {
                    if (failed.get()) {
                        throw new CancellationException("another blob of the push failed");
                    }
                    try {
                        BlobContent content = source.blob(blob);
                        return new Pushed(
                                repo.pushBlob(blob.parsedDigest(), content, mountFrom, progress), content.size());
                    } catch (RuntimeException | Error e) {
                        failed.set(true);
                        throw e;
                    }
                });
            }
            List<Pushed> pushed = new ArrayList<>();
            for (int i = 0; i < blobs.size(); i++) {
                pushed.add(done.take().get()); // in the order they end, so the first failure is met first
            }
            return pushed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException("push to " + repo.name(), 0, null, "interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new RegistryException("push to " + repo.name(), 0, null, String.valueOf(e.getCause()), e.getCause());
        } finally {
            pool.shutdownNow();
            awaitStopped(pool);
        }
    }

    private static void awaitStopped(ExecutorService pool) {
        try {
            pool.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Pulls {@code reference} (every platform of an index) into an OCI layout, verifying each manifest and blob against
     * its digest, and names it {@code refName} in {@code index.json}.
     */
    public static PullResult pullToLayout(
            RepositoryClient repo, String reference, Path layout, String refName, ProgressListener progress) {
        Manifest root = repo.fetchManifest(reference)
                .orElseThrow(() -> new RegistryException(
                        "pull " + repo.name() + (Digest.isDigest(reference) ? "@" : ":") + reference,
                        404,
                        "MANIFEST_UNKNOWN",
                        "no such tag or digest"));
        try {
            OciLayoutWriter writer = new OciLayoutWriter(layout);
            List<Manifest> images = new ArrayList<>();
            if (root.isIndex()) {
                for (Descriptor child : root.asIndex().manifestsOrEmpty()) {
                    Manifest m = repo.fetchManifest(child.digest())
                            .orElseThrow(() -> new RegistryException(
                                    "pull " + repo.name() + "@" + root.digest(),
                                    404,
                                    "MANIFEST_UNKNOWN",
                                    "the index references " + child.digest() + ", which the repository does not have"));
                    if (!m.digest().equals(child.parsedDigest())) {
                        throw new DigestMismatchException(
                                "pull child manifest", child.parsedDigest(), m.digest(), m.bytes().length);
                    }
                    images.add(m);
                }
            } else {
                images.add(root);
            }
            int count = 0;
            long bytes = 0;
            for (Manifest image : images) {
                ImageManifest parsed = image.asImageManifest();
                List<Descriptor> blobs = new ArrayList<>();
                blobs.add(parsed.config());
                blobs.addAll(parsed.layersOrEmpty());
                for (Descriptor blob : blobs) {
                    Digest digest = blob.parsedDigest();
                    if (writer.hasBlob(digest) && Files.size(writer.blobPath(digest)) == blob.size()) {
                        continue;
                    }
                    Path temp = writer.newTempFile();
                    repo.fetchBlob(digest, blob.size(), temp, progress);
                    writer.commitBlob(temp, digest);
                    count++;
                    bytes += blob.size();
                }
                writer.writeManifest(image);
            }
            writer.writeManifest(root);
            writer.addRef(root, refName);
            writer.finish();
            return new PullResult(root, count, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write OCI layout " + layout + ": " + e.getMessage(), e);
        }
    }
}

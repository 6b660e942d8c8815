package dev.dockertag.registry;

import dev.dockertag.registry.archive.ImageSource;
import dev.dockertag.registry.archive.OciLayoutWriter;
import dev.dockertag.registry.image.Descriptor;
import dev.dockertag.registry.image.ImageManifest;
import dev.dockertag.registry.image.Manifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Moves whole images: a local image into a repository, and a repository's image into an OCI layout. */
public final class ImageTransfer {

    /** What a push did; the counts are of distinct blobs. */
    public record PushResult(Digest digest, String mediaType, int uploaded, int existed, int mounted,
                             long bytesUploaded) {
    }

    /** What a pull wrote: the root manifest and the blobs downloaded (those already present are not counted). */
    public record PullResult(Manifest root, int blobsDownloaded, long bytesDownloaded) {
    }

    private ImageTransfer() {
    }

    /**
     * Pushes an image (with every platform of an index) and points each tag at it. Blobs the repository
     * has are not sent again; blobs in {@code mountFrom} are mounted. The manifest bytes are pushed
     * unchanged, so the digest is the source's.
     */
    public static PushResult push(ImageSource source, RepositoryClient repo, List<String> tags,
                                  Optional<String> mountFrom, ProgressListener progress) {
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
        Set<String> done = new LinkedHashSet<>();
        int[] counts = new int[3];
        long bytes = 0;
        for (Manifest image : images) {
            if (image.isIndex()) {
                throw new IllegalArgumentException(source.description() + ": nested indexes are not supported");
            }
            ImageManifest parsed = image.asImageManifest();
            List<Descriptor> blobs = new ArrayList<>();
            blobs.add(parsed.config());
            blobs.addAll(parsed.layersOrEmpty());
            for (Descriptor blob : blobs) {
                if (!done.add(blob.digest())) {
                    continue;
                }
                BlobContent content = source.blob(blob);
                BlobPush result = repo.pushBlob(blob.parsedDigest(), content, mountFrom, progress);
                counts[result.ordinal()]++;
                if (result == BlobPush.UPLOADED) {
                    bytes += content.size();
                }
            }
            if (root.isIndex()) {
                repo.pushManifest(image.digest().toString(), image);
            }
        }
        if (tags.isEmpty()) {
            repo.pushManifest(root.digest().toString(), root);
        }
        for (String tag : tags) {
            repo.pushManifest(tag, root);
        }
        return new PushResult(root.digest(), root.mediaType(), counts[BlobPush.UPLOADED.ordinal()],
                counts[BlobPush.EXISTED.ordinal()], counts[BlobPush.MOUNTED.ordinal()], bytes);
    }

    /**
     * Pulls {@code reference} (every platform of an index) into an OCI layout, verifying each manifest
     * and blob against its digest, and names it {@code refName} in {@code index.json}.
     */
    public static PullResult pullToLayout(RepositoryClient repo, String reference, Path layout, String refName,
                                          ProgressListener progress) {
        Manifest root = repo.fetchManifest(reference).orElseThrow(() -> new RegistryException(
                "pull " + repo.name() + (Digest.isDigest(reference) ? "@" : ":") + reference, 404,
                "MANIFEST_UNKNOWN", "no such tag or digest"));
        try {
            OciLayoutWriter writer = new OciLayoutWriter(layout);
            List<Manifest> images = new ArrayList<>();
            if (root.isIndex()) {
                for (Descriptor child : root.asIndex().manifestsOrEmpty()) {
                    Manifest m = repo.fetchManifest(child.digest()).orElseThrow(() -> new RegistryException(
                            "pull " + repo.name() + "@" + root.digest(), 404, "MANIFEST_UNKNOWN",
                            "the index references " + child.digest() + ", which the repository does not have"));
                    if (!m.digest().equals(child.parsedDigest())) {
                        throw new DigestMismatchException("pull child manifest", child.parsedDigest(), m.digest(),
                                m.bytes().length);
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

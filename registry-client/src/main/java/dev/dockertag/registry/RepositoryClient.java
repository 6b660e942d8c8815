package dev.dockertag.registry;

import dev.dockertag.registry.image.Descriptor;
import dev.dockertag.registry.image.Digest;
import dev.dockertag.registry.image.Manifest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The registry operations on one repository: manifests (resolve, fetch, push, delete), tags (list, delete), referrers,
 * blobs (check, download, upload, mount). Every fetched manifest and blob is checked against its digest. Obtain one
 * from {@link RegistryClient#repository(ImageReference)}.
 *
 * <p>Each operation lives in its own package-private class named for it ({@link ManifestResolve},
 * {@link BlobUpload}...); they all send requests and map failures through one {@link RegistryCall}.
 */
public final class RepositoryClient {

    private final RegistryCall call;
    private final ManifestResolve resolve;
    private final ManifestFetch fetch;
    private final ManifestPush push;
    private final ManifestDelete delete;
    private final ReferrersList referrers;
    private final TagList tags;
    private final BlobCheck check;
    private final BlobDownload download;
    private final BlobUpload upload;

    RepositoryClient(RegistryClient client, ImageReference reference) {
        this.call = new RegistryCall(client, reference);
        this.fetch = new ManifestFetch(call);
        this.resolve = new ManifestResolve(call, fetch);
        this.push = new ManifestPush(call);
        this.delete = new ManifestDelete(call);
        this.referrers = new ReferrersList(call);
        this.tags = new TagList(call);
        this.check = new BlobCheck(call);
        this.download = new BlobDownload(call);
        this.upload = new BlobUpload(call, check);
    }

    /** The repository, {@code host/path}, with neither tag nor digest. */
    public ImageReference name() {
        return call.name();
    }

    /**
     * The descriptor (media type, digest, size) a tag or digest points at, or empty when there is no such manifest. A
     * HEAD with every manifest type accepted; a GET only if the HEAD gives no digest.
     */
    public Optional<Descriptor> resolve(String reference) {
        return resolve.resolve(reference);
    }

    /** The manifest or index at a tag or digest, verified against its digest; empty when there is none. */
    public Optional<Manifest> fetchManifest(String reference) {
        return fetch.fetchManifest(reference);
    }

    /** Puts a manifest under a tag (or its digest); returns its digest, checked against the registry's. */
    public Digest pushManifest(String reference, Manifest manifest) {
        return push.pushManifest(reference, manifest);
    }

    /**
     * Deletes a manifest by digest. Registries then drop <em>every</em> tag that points at it: callers that mean to
     * remove one tag want {@link #deleteTag(String)}. Returns false when it was not there.
     */
    public boolean deleteManifest(Digest digest) {
        return delete.deleteManifest(digest);
    }

    /**
     * OCI 1.1 tag delete: removes the tag only. Registries without it answer 400 or 405 and change nothing
     * ({@link TagDeletion#UNSUPPORTED}); it is never assumed, only read from the answer.
     */
    public TagDeletion deleteTag(String tag) {
        return delete.deleteTag(tag);
    }

    /**
     * Asks whether the registry deletes tags (OCI 1.1) without touching anything: deletes a tag that cannot exist. A
     * registry with tag delete says 404; one without says 400 or 405.
     */
    public boolean supportsTagDelete() {
        return delete.supportsTagDelete();
    }

    /**
     * Asks whether the registry deletes manifests at all, without touching anything: deletes a digest that cannot
     * exist. A registry that deletes says 404 (or 202); one with deletion disabled says 405 (distribution without
     * {@code storage.delete.enabled}). Anything else is a failure.
     */
    public boolean supportsManifestDelete() {
        return delete.supportsManifestDelete();
    }

    /**
     * The manifests whose {@code subject} is {@code subject}, from the OCI 1.1 referrers API (following {@code Link}
     * pagination); empty when the registry has no referrers API (it answers 404, which a registry with the API never
     * does). Clients then look for the {@code sha256-<hex>} fallback tag.
     */
    public Optional<List<Descriptor>> referrers(Digest subject) {
        return referrers.referrers(subject);
    }

    /**
     * Every tag of the repository, following {@code Link} pagination to the end and tolerating registries that ignore
     * {@code n} (distribution 2.8 returns everything at once). A repository that does not exist is a
     * {@link RegistryException} with status 404.
     */
    public List<String> listTags() {
        return tags.listTags();
    }

    /** What listing a repository's tags says of it: {@link #presence()}. */
    public enum Presence {
        /** 404 ({@code NAME_UNKNOWN}): nothing was ever pushed there, or the name is misspelled. */
        UNKNOWN_NAME,
        /**
         * An empty tag list: every tag was deleted, or (on registries that answer any name so, such as olareg) the same
         * as {@link #UNKNOWN_NAME}.
         */
        NO_TAGS,
        TAGGED
    }

    /** What the registry knows of the repository, from one request for one tag, whatever the repository holds. */
    public Presence presence() {
        return tags.presence();
    }

    /** The size of a blob the repository has (-1 when the registry does not say), or empty when it has none. */
    public Optional<Long> blobSize(Digest digest) {
        return check.blobSize(digest);
    }

    /**
     * Downloads a blob to a file, streaming (never held in memory), resuming with a {@code Range} request or starting
     * over when the connection drops, within the retry policy's attempts. The file holds exactly the blob when this
     * returns; on a digest or size mismatch it is deleted and a {@link DigestMismatchException} thrown.
     *
     * @param size the expected size, or -1 when unknown
     */
    public void fetchBlob(Digest digest, long size, Path target, ProgressListener progress) {
        download.fetchBlob(digest, size, target, progress);
    }

    /**
     * A stream of a blob's bytes that checks the digest (and size, when known) as it reaches the end: the last
     * {@code read} throws {@link DigestMismatchException} rather than return -1 on bad content. For single-pass
     * consumers (unpacking straight from the network); no retries once reading began.
     */
    public InputStream openBlob(Digest digest, long size) {
        return download.openBlob(digest, size);
    }

    /**
     * Makes the blob exist in this repository: nothing if it already does, a cross-repository mount when
     * {@code mountFrom} (a repository path on the same registry) has it, else an upload, in one PUT or in PATCH chunks
     * depending on its size. A failed upload starts over, within the retry policy's attempts; its requests are not
     * retried one by one.
     */
    public BlobPush pushBlob(
            Digest digest, BlobContent content, Optional<String> mountFrom, ProgressListener progress) {
        return upload.pushBlob(digest, content, mountFrom, progress);
    }

    /**
     * Uploads a blob whose bytes are made while they are sent (a layer compressed on the fly), so its digest and size
     * are known only at the end: one PATCH streams them (chunked), then the PUT names the digest they hashed to. A
     * failed attempt starts over, within the retry policy; a failure of {@code blob} itself (its source is corrupt) is
     * thrown as it is and not retried. Nothing is published unless every byte was sent.
     */
    public Descriptor pushStreamed(String mediaType, StreamedBlob blob) {
        return upload.pushStreamed(mediaType, blob);
    }

    /** Writes a blob's bytes as they are made; called again from the start when an upload is retried. */
    @FunctionalInterface
    public interface StreamedBlob {
        void writeTo(OutputStream out) throws IOException;
    }
}

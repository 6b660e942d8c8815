package dev.dockertag.registry.archive;

import dev.dockertag.registry.BlobContent;
import dev.dockertag.registry.image.Digest;
import java.util.Optional;

/** Where the blobs of a local image live: a layout directory, entries of a tar, or bytes made in memory. */
interface BlobStore {

    Optional<BlobContent> find(Digest digest);
}

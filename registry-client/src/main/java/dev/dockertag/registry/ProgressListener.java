package dev.dockertag.registry;

import dev.dockertag.registry.image.Digest;

/** Told how a blob transfer advances, for progress lines on long transfers. */
@FunctionalInterface
public interface ProgressListener {

    ProgressListener NONE = (digest, done, total) -> {};

    /**
     * @param done bytes transferred so far
     * @param total the blob's size, or -1 when unknown
     */
    void progress(Digest digest, long done, long total);
}

package dev.dockertag.registry;

/** What pushing a blob came to. */
public enum BlobPush {
    /** The repository had it already: nothing was sent. */
    EXISTED,
    /** Mounted from another repository of the same registry: nothing was sent. */
    MOUNTED,
    /** Its bytes were uploaded. */
    UPLOADED
}

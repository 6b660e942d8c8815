package dev.dockertag.registry;

/** The registry's answer to an OCI tag delete ({@code DELETE /v2/<name>/manifests/<tag>}). */
public enum TagDeletion {
    /** 202: the tag is gone; the manifest and its other tags stay. */
    DELETED,
    /** 404: no such tag (the registry does support tag delete). */
    NOT_FOUND,
    /** 400 or 405: the registry deletes only by digest (distribution 2.8 answers 400 DIGEST_INVALID). */
    UNSUPPORTED
}

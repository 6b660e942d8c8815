package dev.dockertag.reaper.plan;

/** How a tag is removed when its digest must stay (a kept tag or a kept index still needs it). */
public enum UntagMethod {
    /** No tag of this repository needs untagging. */
    NOT_NEEDED("no tag needs untagging"),
    /** The registry deletes a tag alone (OCI 1.1 tag delete, probed with a tag that cannot exist). */
    OCI_TAG_DELETE("OCI tag delete"),
    /**
     * The registry deletes only by digest (distribution 2.8): a tiny unique manifest is pushed to the tag, then deleted
     * by its digest, which takes just that tag with it.
     */
    DUMMY_MANIFEST(
            "a throwaway manifest pushed to the tag, then deleted by digest (the registry has no OCI tag delete)"),
    /**
     * Through the provider's API (see the repository's deletion line): its tag delete (Docker Hub, GitLab, Harbor), or
     * a throwaway manifest pushed to the tag and deleted through the API (GHCR, ECR).
     */
    PROVIDER("through the provider's API: its tag delete, or a throwaway manifest it then deletes");

    private final String description;

    UntagMethod(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}

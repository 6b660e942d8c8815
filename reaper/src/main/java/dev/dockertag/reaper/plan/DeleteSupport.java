package dev.dockertag.reaper.plan;

/**
 * Whether the registry can delete in a repository at all, and how that was learnt: said once per repository in the
 * plan, so a registry that cannot delete fails once, not tag by tag.
 */
public record DeleteSupport(boolean possible, String description) {

    /** Nothing in the repository is to be removed, so the registry was not asked. */
    public static final DeleteSupport NOT_ASKED = new DeleteSupport(true, "not asked: nothing to remove");

    public static DeleteSupport byDigest() {
        return new DeleteSupport(true, "DELETE of each doomed manifest by digest (probed: the registry deletes)");
    }

    public static DeleteSupport impossible(String why) {
        return new DeleteSupport(false, "cannot delete: " + why);
    }
}

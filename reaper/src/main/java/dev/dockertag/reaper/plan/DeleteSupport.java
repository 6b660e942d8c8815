package dev.dockertag.reaper.plan;

import java.util.Optional;

/**
 * Whether the registry can delete in a repository at all, how (the registry API or a provider's), and how that was
 * learnt: said once per repository in the plan, so a registry that cannot delete fails once, not tag by tag.
 *
 * @param api the {@code registry.api} that deletes here ({@code oci}, {@code ghcr}, ...)
 * @param untaggedStay the provider deletes tags only (Docker Hub, GitLab): a manifest without tags (a referrer) cannot
 *     be deleted, and a deleted tag's manifest stays, untagged
 * @param irreversible why {@code reaper undo} cannot put a deletion here back, when it cannot: {@code apply} then wants
 *     {@code --irreversible} naming this repository
 */
public record DeleteSupport(
        boolean possible, String description, String api, boolean untaggedStay, Optional<String> irreversible) {

    /** Nothing in the repository is to be removed, so the registry was not asked. */
    public static final DeleteSupport NOT_ASKED =
            new DeleteSupport(true, "not asked: nothing to remove", "oci", false, Optional.empty());

    public static DeleteSupport byDigest() {
        return new DeleteSupport(
                true,
                "DELETE of each doomed manifest by digest (probed: the registry deletes)",
                "oci",
                false,
                Optional.empty());
    }

    public static DeleteSupport impossible(String why) {
        return impossible("oci", why);
    }

    public static DeleteSupport impossible(String api, String why) {
        return new DeleteSupport(false, "cannot delete: " + why, api, false, Optional.empty());
    }

    /** Deletion through a provider's API ({@code api}), described for the plan. */
    public static DeleteSupport through(String api, String description) {
        return new DeleteSupport(true, description, api, false, Optional.empty());
    }

    public DeleteSupport tagsOnly() {
        return new DeleteSupport(possible, description, api, true, irreversible);
    }

    public DeleteSupport irreversibleBecause(String why) {
        return new DeleteSupport(possible, description, api, untaggedStay, Optional.of(why));
    }
}

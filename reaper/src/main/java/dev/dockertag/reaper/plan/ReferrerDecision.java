package dev.dockertag.reaper.plan;

import dev.dockertag.registry.image.Digest;

/**
 * What happens to one untagged referrer (listed by the referrers API or by a fallback index): it goes with its subject,
 * or stays with it, and why.
 */
public record ReferrerDecision(Digest subject, Digest digest, String artifactType, boolean removes, String reason) {}

package dev.dockertag.resource.check;

import dev.dockertag.registry.RepositoryClient;
import dev.dockertag.resource.protocol.Version;
import dev.dockertag.resource.script.Log;
import dev.dockertag.resource.source.SemverSelection;
import dev.dockertag.resource.source.Tracking;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Check in registry-image's semver mode: every tag that is a version the source wants, one version per digest (a final
 * release over a pre-release, the most specific tag over a shorter one: 3.2.1 over 3.2, else the lowest version),
 * oldest first; then the bare {@code latest} (or variant) tag when its image is none of those and no constraint is set.
 * Tags below the cursor's version are not inspected again.
 */
public final class SemverChecker {

    private static final Comparator<SemverSelection.Parsed> PREFERRED =
            Comparator.comparing(SemverSelection.Parsed::isFinal).thenComparing(SemverSelection.Parsed::parts);

    private final RepositoryClient repo;
    private final Log log;

    public SemverChecker(RepositoryClient repo, Log log) {
        this.repo = repo;
        this.log = log;
    }

    public List<Version> check(Tracking.SemverTags tracking, Optional<Version> cursor) {
        SemverSelection selection = tracking.selection();
        List<SemverSelection.Parsed> versions = new ArrayList<>();
        RepositoryTags.all(repo, log).forEach(tag -> selection.parse(tag).ifPresent(versions::add));
        versions.sort(Comparator.comparing(SemverSelection.Parsed::version));
        Optional<SemverSelection.Parsed> from = cursor.flatMap(c -> selection.parse(c.tag()));
        log.info(versions.size() + " version tag(s) of " + repo.name() + " taken"
                + selection.constraintText().map(c -> " within '" + c + "'").orElse(""));
        Map<String, SemverSelection.Parsed> byDigest = new LinkedHashMap<>();
        for (SemverSelection.Parsed version : versions) {
            if (from.isPresent() && version.version().compareTo(from.get().version()) < 0) {
                continue; // behind the cursor: already reported, not inspected again
            }
            repo.resolve(version.tag())
                    .ifPresent(d -> byDigest.merge(
                            d.digest(), version, (kept, other) -> PREFERRED.compare(other, kept) > 0 ? other : kept));
        }
        List<Version> result = new ArrayList<>();
        byDigest.entrySet().stream()
                .sorted(Map.Entry.comparingByValue(Comparator.comparing(SemverSelection.Parsed::version)))
                .forEach(e -> result.add(new Version(e.getValue().tag(), e.getKey())));
        if (selection.constraintText().isEmpty()) {
            repo.resolve(selection.bareTag())
                    .filter(d -> !byDigest.containsKey(d.digest()))
                    .ifPresent(d -> result.add(new Version(selection.bareTag(), d.digest())));
        }
        return result;
    }
}

package dev.dockertag.resource.put;

import dev.dockertag.failures.HintedException;
import dev.dockertag.registry.ImageReference;
import dev.dockertag.resource.protocol.OutRequest;
import dev.dockertag.resource.source.Settings;
import dev.dockertag.resource.source.Tracking;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The tags a put sets, in the order they are pushed: the commit tag, the version's tags ({@link VersionTags}:
 * registry-image's {@code version} and {@code bump_aliases}), then the additional tags, and the tracked tag
 * ({@code <slug(branch)>-latest} or {@code source.tag}) last. A put that fails part-way therefore never moves the tag
 * {@code check} follows: downstream jobs only ever see an image whose every tag was published. The printed version
 * names the tracked tag (or, without one, the first). {@code tag_prefix} goes in front of the commit and additional
 * tags.
 */
record PushTags(List<String> tags, Optional<String> commit, String versionTag) {

    /** {@code existingTags} lists the repository's tags; asked only for {@code bump_aliases}. */
    static PushTags of(Settings settings, OutRequest.Params params, Path sources, Supplier<List<String>> existingTags) {
        String prefix = params.tagPrefix() == null ? "" : params.tagPrefix();
        if (!prefix.isEmpty() && params.commitFile() == null && params.additionalTags() == null) {
            throw new HintedException("params.tag_prefix needs params.commit_file or params.additional_tags");
        }
        LinkedHashSet<String> tags = new LinkedHashSet<>();
        Optional<String> tracked =
                settings.tracking() instanceof Tracking.OneTag one ? Optional.of(one.tag()) : Optional.empty();
        Optional<String> commit = Optional.empty();
        if (params.commitFile() != null) {
            String value =
                    read(sources, params.commitFile(), "params.commit_file").trim();
            if (value.isEmpty()) {
                throw new HintedException(
                        "params.commit_file: " + params.commitFile() + " is empty",
                        "point it at a file holding the commit, e.g. src/.git/ref");
            }
            commit = Optional.of(value);
            tags.add(valid(prefix + value, "params.commit_file"));
        }
        if (Boolean.TRUE.equals(params.bumpAliases()) && params.version() == null) {
            throw new HintedException("params.bump_aliases needs params.version");
        }
        if (params.version() != null) {
            for (String tag : VersionTags.of(
                    params.version(),
                    Boolean.TRUE.equals(params.bumpAliases()),
                    Optional.ofNullable(settings.source().variant()),
                    existingTags)) {
                tags.add(valid(tag, "params.version"));
            }
        }
        if (params.additionalTags() != null) {
            for (String tag : read(sources, params.additionalTags(), "params.additional_tags")
                    .trim()
                    .split("\\s+")) {
                if (!tag.isEmpty()) {
                    tags.add(valid(prefix + tag, "params.additional_tags"));
                }
            }
        }
        if (tracked.isPresent()) {
            tags.remove(tracked.get());
            tags.add(tracked.get());
        }
        if (tags.isEmpty()) {
            throw new HintedException(
                    "no tag to push",
                    "set source.branch or source.tag, or give params.commit_file, params.version or"
                            + " params.additional_tags");
        }
        List<String> ordered = List.copyOf(new ArrayList<>(tags));
        return new PushTags(ordered, commit, tracked.orElse(ordered.get(0)));
    }

    private static String valid(String tag, String key) {
        if (!ImageReference.isValidTag(tag)) {
            throw new HintedException(
                    key + ": '" + tag + "' is not a valid tag",
                    "a tag is up to 128 of [A-Za-z0-9_.-] and does not start with '.' or '-'");
        }
        return tag;
    }

    private static String read(Path sources, String relative, String key) {
        if (relative.startsWith("/")) {
            throw new HintedException(key + " '" + relative + "' is absolute; paths are relative to the build"
                    + " directory (" + sources + ")");
        }
        Path file = BuildDirectory.confined(sources, sources.resolve(relative), key, relative);
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new HintedException(
                    key + ": " + relative + " does not exist in " + sources,
                    "the path is relative to the build directory, e.g. src/.git/ref");
        } catch (MalformedInputException e) {
            throw new HintedException(key + ": " + relative + " is not UTF-8 text");
        } catch (IOException e) {
            throw new HintedException(key + ": cannot read " + relative + ": " + e.getMessage());
        }
    }
}

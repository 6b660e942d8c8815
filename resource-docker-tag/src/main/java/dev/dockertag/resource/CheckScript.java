package dev.dockertag.resource;

import dev.dockertag.resource.Arguments.Script;
import dev.dockertag.resource.check.RegexChecker;
import dev.dockertag.resource.check.SemverChecker;
import dev.dockertag.resource.check.TagChecker;
import dev.dockertag.resource.protocol.CheckRequest;
import dev.dockertag.resource.protocol.Version;
import dev.dockertag.resource.source.Settings;
import dev.dockertag.resource.source.Tracking;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** {@code check}: the versions newer than the one on stdin, oldest first, by what the source tracks. */
final class CheckScript {

    private CheckScript() {}

    static void run(ScriptStreams io) throws IOException {
        CheckRequest request = io.request(CheckRequest.class);
        Settings settings = io.settings(request.source());
        Optional<Version> cursor = Optional.ofNullable(request.version());
        List<Version> versions = ScriptRun.within(
                settings,
                Script.CHECK,
                io.log(),
                run -> run.onMirrorFirst(
                        repo -> switch (settings.tracking()) {
                            case Tracking.OneTag one -> new TagChecker(repo, io.log()).check(one, cursor);
                            case Tracking.MatchingTags regex ->
                                new RegexChecker(repo, settings.platform(), Settings.cacheDirectory(), io.log())
                                        .check(regex, cursor);
                            case Tracking.SemverTags semver -> new SemverChecker(repo, io.log()).check(semver, cursor);
                        },
                        found -> !found.isEmpty()));
        io.respond(versions);
    }
}

package dev.dockertag.resource;

import dev.dockertag.resource.Arguments.Script;
import dev.dockertag.resource.protocol.OutRequest;
import dev.dockertag.resource.protocol.VersionResponse;
import dev.dockertag.resource.put.ImagePutter;
import dev.dockertag.resource.source.Settings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** {@code out}: the image (or the promotion) that params name, pushed; the version it became on stdout. */
final class OutScript {

    private OutScript() {}

    static void run(ScriptStreams io, Optional<Path> sources) throws IOException {
        OutRequest request = io.request(OutRequest.class);
        Settings settings = io.settings(request.source());
        Path dir = ScriptStreams.directory(sources, "out", "build directory");
        ImagePutter.Pushed pushed = ScriptRun.within(
                settings,
                Script.OUT,
                io.log(),
                run -> run.onRepository(
                        repo -> new ImagePutter(repo, settings, io.log()).put(request.paramsOrDefault(), dir)));
        io.respond(new VersionResponse(pushed.version(), pushed.metadata()));
    }
}

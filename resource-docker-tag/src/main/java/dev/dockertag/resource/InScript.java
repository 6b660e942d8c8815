package dev.dockertag.resource;

import dev.dockertag.failures.HintedException;
import dev.dockertag.registry.image.Platform;
import dev.dockertag.resource.Arguments.Script;
import dev.dockertag.resource.get.Format;
import dev.dockertag.resource.get.ImageGetter;
import dev.dockertag.resource.protocol.InRequest;
import dev.dockertag.resource.protocol.VersionResponse;
import dev.dockertag.resource.source.Settings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** {@code in}: the version on stdin, fetched into the destination directory in the asked format. */
final class InScript {

    private InScript() {}

    static void run(ScriptStreams io, Optional<Path> destination) throws IOException {
        InRequest request = io.request(InRequest.class);
        Settings settings = io.settings(request.source());
        Path dir = ScriptStreams.directory(destination, "in", "destination directory");
        if (request.version() == null) {
            throw new HintedException("version is required: in fetches the version check found");
        }
        InRequest.Params params = request.paramsOrDefault();
        Format format = Format.parse(params.format());
        Platform platform = params.platform() == null
                ? settings.platform()
                : Settings.platform(params.platform(), "params.platform");
        // the mirror serves the version when it has its digest; a failure there falls back to Docker Hub
        // (nothing is published into the destination before the whole image is in place)
        ImageGetter.Fetched fetched = ScriptRun.within(
                        settings,
                        Script.IN,
                        io.log(),
                        run -> run.onMirrorFirst(
                                repo -> {
                                    boolean origin = repo.name()
                                            .registry()
                                            .equals(settings.repository().registry());
                                    return origin
                                                    || request.version().digest() != null
                                                            && repo.resolve(request.version()
                                                                            .digest())
                                                                    .isPresent()
                                            ? Optional.of(new ImageGetter(
                                                            repo,
                                                            settings.source().repository(),
                                                            platform,
                                                            io.log(),
                                                            run.lifetime(),
                                                            settings.metadataKeys())
                                                    .get(
                                                            request.version(),
                                                            format,
                                                            Boolean.TRUE.equals(params.skipDownload()),
                                                            dir))
                                            : Optional.<ImageGetter.Fetched>empty();
                                },
                                Optional::isPresent))
                .orElseThrow(); // the source's own registry always answers or throws
        io.respond(new VersionResponse(fetched.version(), fetched.metadata()));
    }
}

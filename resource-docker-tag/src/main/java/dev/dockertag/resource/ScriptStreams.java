package dev.dockertag.resource;

import dev.dockertag.failures.HintedException;
import dev.dockertag.resource.protocol.Payloads;
import dev.dockertag.resource.protocol.Source;
import dev.dockertag.resource.script.Log;
import dev.dockertag.resource.source.Settings;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a script reads and writes: the request on stdin, the response on stdout, the log on stderr (redacting every
 * secret of the source from the moment it is read).
 */
record ScriptStreams(InputStream stdin, PrintStream stdout, Log log) {

    /** The request on stdin, bound strictly to {@code type} (an unknown key is an error naming it). */
    <T> T request(Class<T> type) throws IOException {
        return Payloads.read(stdin.readAllBytes(), type);
    }

    /** The checked source; its secrets are redacted from the log first. */
    Settings settings(Source source) {
        if (source != null) {
            log.redact(source.username(), source.password());
            log.redact(null, source.awsSecretAccessKey());
            log.redact(null, source.awsSessionToken());
            log.redact(null, source.azureClientSecret());
            if (source.registryMirror() != null) {
                log.redact(
                        source.registryMirror().username(),
                        source.registryMirror().password());
            }
            log.enableDebug(source.isDebug());
            log.debug("source: " + source);
        }
        return Settings.of(source);
    }

    /** Writes the response JSON, one line, to stdout. */
    void respond(Object response) {
        byte[] json = Payloads.write(response);
        stdout.write(json, 0, json.length);
        stdout.println();
        stdout.flush();
    }

    /** The directory Concourse gave the script, which must exist. */
    static Path directory(Optional<Path> given, String script, String what) {
        if (given.isEmpty()) {
            throw new HintedException(what + " not given: Concourse runs '" + script + " <" + what + ">'");
        }
        if (!Files.isDirectory(given.get())) {
            throw new HintedException(what + " " + given.get() + " is not a directory");
        }
        return given.get();
    }
}

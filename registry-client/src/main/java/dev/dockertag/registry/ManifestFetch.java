package dev.dockertag.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dockertag.registry.image.Digest;
import dev.dockertag.registry.image.Json;
import dev.dockertag.registry.image.Manifest;
import dev.dockertag.registry.image.MediaTypes;
import java.io.IOException;
import java.util.Optional;

/** A manifest or index, GET and verified against its digest. */
final class ManifestFetch {

    private final RegistryCall call;

    ManifestFetch(RegistryCall call) {
        this.call = call;
    }

    /** See {@link RepositoryClient#fetchManifest(String)}, which is this. */
    Optional<Manifest> fetchManifest(String reference) {
        String action = "fetch manifest " + call.display(reference);
        return call.manifest(reference, false, action, response -> {
            call.refusePage(response, action, "a manifest");
            byte[] bytes = RegistryCall.readLimited(response.body(), RegistryCall.MAX_MANIFEST_BYTES, action);
            String type = RegistryCall.stripParameters(response.header("Content-Type"));
            Manifest manifest = manifestOrRefuse(bytes, type, action, response.code());
            Optional<Digest> expected = Digest.isDigest(reference)
                    ? Optional.of(Digest.parse(reference))
                    : Optional.ofNullable(response.header("Docker-Content-Digest"))
                            .map(String::trim)
                            .map(Digest::parse);
            if (expected.isPresent()
                    && expected.get().algorithm().equals("sha256")
                    && !expected.get().equals(manifest.digest())) {
                throw new DigestMismatchException(action, expected.get(), manifest.digest(), bytes.length);
            }
            return manifest;
        });
    }

    /**
     * The answer as a manifest, when it is one: a manifest or index media type, or a generic one
     * ({@code application/json}, {@code text/plain}, none) over a body that reads as a manifest or index. Anything else
     * (a proxy's login page, an error page answered with 200) is refused, naming what came back: its digest would
     * otherwise become a version.
     */
    private Manifest manifestOrRefuse(byte[] bytes, String type, String action, int status) {
        boolean generic =
                type == null || type.isBlank() || type.startsWith("application/json") || type.startsWith("text/plain");
        if (!generic && !MediaTypes.isIndex(type) && !MediaTypes.isImageManifest(type)) {
            throw notAManifest("answered " + type + ", not an image manifest or index", action, status);
        }
        String shown = type == null || type.isBlank() ? "no content type" : type;
        if (generic && !readsAsManifest(bytes)) {
            throw notAManifest("answered " + shown + " that is not an image manifest or index", action, status);
        }
        Manifest manifest = Manifest.of(bytes, type);
        if (!MediaTypes.isIndex(manifest.mediaType()) && !MediaTypes.isImageManifest(manifest.mediaType())) {
            throw notAManifest(
                    "answered a " + manifest.mediaType() + ", not an image manifest or index", action, status);
        }
        return manifest;
    }

    /** A JSON document of schema version 2 with a config (an image or artifact) or manifests (an index). */
    private static boolean readsAsManifest(byte[] bytes) {
        try {
            JsonNode node = Json.MAPPER.readTree(bytes);
            return node != null
                    && node.path("schemaVersion").asInt() == 2
                    && (node.has("config") || node.has("manifests"));
        } catch (IOException e) {
            return false;
        }
    }

    private RegistryException notAManifest(String answered, String action, int status) {
        return new RegistryException(action, status, null, call.name().registry() + " " + answered);
    }
}

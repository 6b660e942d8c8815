package dev.dockertag.registry.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.dockertag.registry.image.Descriptor;
import dev.dockertag.registry.image.ImageManifest;
import dev.dockertag.registry.image.Manifest;

/**
 * A registry's manifest or index, whatever bytes it sends: read as one, or refused as malformed
 * ({@link IllegalArgumentException}, the documented refusal), never another exception.
 */
class ManifestFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void manifestBytes(byte[] bytes) {
        try {
            Manifest manifest = Manifest.of(bytes, null);
            if (manifest.isIndex()) {
                manifest.asIndex().manifestsOrEmpty().forEach(Descriptor::parsedDigest);
            } else {
                ImageManifest image = manifest.asImageManifest();
                image.config().parsedDigest();
                image.layersOrEmpty().forEach(Descriptor::parsedDigest);
            }
        } catch (IllegalArgumentException e) {
            // malformed: the documented refusal
        }
    }
}

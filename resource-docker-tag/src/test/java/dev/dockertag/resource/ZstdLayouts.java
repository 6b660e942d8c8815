package dev.dockertag.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dockertag.testsupport.Commands;
import dev.dockertag.testsupport.ImageFixtures;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.GZIPInputStream;

/**
 * zstd-compressed images for the tests of {@code in}, on the host (InIT) and in the image (ResourceImageContainerIT).
 */
final class ZstdLayouts {

    private ZstdLayouts() {}

    /**
     * A copy of an OCI layout's image whose gzip layers are recompressed by the zstd tool (skopeo 1.9 cannot push
     * zstd): same diff_ids, new layer blobs and media types, a new manifest.
     */
    static Path copy(Path source, String tag, Path target) throws Exception {
        Commands.run("cp", "-r", source.toString(), target.toString());
        JsonNode index =
                ResourceScripts.JSON.readTree(target.resolve("index.json").toFile());
        ObjectNode entry = null;
        for (JsonNode m : index.path("manifests")) {
            if (tag.equals(m.path("annotations")
                    .path("org.opencontainers.image.ref.name")
                    .asText())) {
                entry = (ObjectNode) m;
            }
        }
        Path blobs = target.resolve("blobs/sha256");
        ObjectNode manifest = (ObjectNode) ResourceScripts.JSON.readTree(
                blobs.resolve(entry.path("digest").asText().substring(7)).toFile());
        for (JsonNode node : manifest.path("layers")) {
            ObjectNode layer = (ObjectNode) node;
            Path gz = blobs.resolve(layer.path("digest").asText().substring(7));
            Path tar = target.resolve("layer.tar");
            try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
                Files.copy(in, tar, StandardCopyOption.REPLACE_EXISTING);
            }
            Commands.run(
                    "zstd",
                    "-q",
                    "-f",
                    tar.toString(),
                    "-o",
                    target.resolve("layer.tar.zst").toString());
            byte[] zst = Files.readAllBytes(target.resolve("layer.tar.zst"));
            String hex = ImageFixtures.sha256(zst);
            Files.write(blobs.resolve(hex), zst);
            layer.put("mediaType", "application/vnd.oci.image.layer.v1.tar+zstd")
                    .put("digest", "sha256:" + hex)
                    .put("size", zst.length);
        }
        byte[] bytes = ResourceScripts.JSON.writeValueAsBytes(manifest);
        String hex = ImageFixtures.sha256(bytes);
        Files.write(blobs.resolve(hex), bytes);
        entry.put("digest", "sha256:" + hex).put("size", bytes.length);
        ResourceScripts.JSON.writeValue(target.resolve("index.json").toFile(), index);
        Files.delete(target.resolve("layer.tar"));
        Files.delete(target.resolve("layer.tar.zst"));
        return target;
    }
}

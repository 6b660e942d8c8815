package dev.dockertag.registry.archive;

import dev.dockertag.registry.image.Descriptor;
import dev.dockertag.registry.image.Digest;
import dev.dockertag.registry.image.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes one image as a {@code docker save} tarball ({@code docker load}, {@code skopeo docker-archive:} and
 * {@code tarball} readers take it):
 *
 * <pre>{@code
 * manifest.json   [{"Config": "<hex>.json", "RepoTags": ["registry/repo:tag"], "Layers": ["<hex>.tar.gz", ...]}]
 * <hex>.json      the config blob
 * <hex>.tar.gz    each layer blob as it is in the registry (compressed layers are allowed by docker load)
 * }</pre>
 */
public final class DockerArchiveWriter {

    /** A blob and the verified file that holds it. */
    public record BlobFile(Descriptor descriptor, Path file) {}

    private DockerArchiveWriter() {}

    /** Writes {@code target} through a temporary file, so it is never left half-written. */
    public static void write(Path target, String repoTag, BlobFile config, List<BlobFile> layers) throws IOException {
        Path temp = Files.createTempFile(target.toAbsolutePath().getParent(), ".image-", ".tar.partial");
        try {
            try (OutputStream out = Files.newOutputStream(temp);
                    TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                String configName = config.descriptor().parsedDigest().hex() + ".json";
                addFile(tar, configName, config.file());
                List<String> layerNames = new ArrayList<>();
                for (BlobFile layer : layers) {
                    String name = layerName(layer.descriptor());
                    if (!layerNames.contains(name)) {
                        addFile(tar, name, layer.file());
                    }
                    layerNames.add(name);
                }
                byte[] manifest = Json.write(
                        List.of(Map.of("Config", configName, "RepoTags", List.of(repoTag), "Layers", layerNames)));
                addBytes(tar, "manifest.json", manifest);
                tar.finish();
            }
            ReadableFiles.makeReadable(temp);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static String layerName(Descriptor layer) {
        Digest digest = layer.parsedDigest();
        String type = layer.mediaType() == null ? "" : layer.mediaType();
        String suffix = type.endsWith("gzip") ? ".tar.gz" : type.endsWith("zstd") ? ".tar.zst" : ".tar";
        return digest.hex() + suffix;
    }

    private static void addFile(TarArchiveOutputStream tar, String name, Path file) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(Files.size(file));
        entry.setMode(0644);
        tar.putArchiveEntry(entry);
        Files.copy(file, tar);
        tar.closeArchiveEntry();
    }

    private static void addBytes(TarArchiveOutputStream tar, String name, byte[] bytes) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(bytes.length);
        entry.setMode(0644);
        tar.putArchiveEntry(entry);
        tar.write(bytes);
        tar.closeArchiveEntry();
    }
}

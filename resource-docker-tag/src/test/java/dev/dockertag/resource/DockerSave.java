package dev.dockertag.resource;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** A {@code docker save} tar by what {@code docker load} makes of it: its tags, its config and its layers (by hash). */
record DockerSave(List<String> repoTags, String config, List<String> layers) {

    static DockerSave of(Path tar) {
        Map<String, String> hashes = new HashMap<>();
        JsonNode manifest = null;
        try (InputStream in = Files.newInputStream(tar);
                TarArchiveInputStream entries = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e; (e = entries.getNextEntry()) != null; ) {
                byte[] bytes = entries.readAllBytes();
                if (e.getName().equals("manifest.json")) {
                    manifest = ResourceScripts.JSON.readTree(bytes).get(0);
                }
                hashes.put(e.getName(), sha256(bytes));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (manifest == null) {
            return new DockerSave(List.of(), "no manifest.json", List.of());
        }
        List<String> tags = new ArrayList<>();
        manifest.path("RepoTags").forEach(t -> tags.add(t.asText()));
        List<String> layers = new ArrayList<>();
        manifest.path("Layers").forEach(l -> layers.add(hashes.get(l.asText())));
        return new DockerSave(tags, hashes.get(manifest.path("Config").asText()), layers);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

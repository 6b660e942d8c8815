package dev.dockertag.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Images made independently of the code under test: {@code umoci} builds OCI layouts (one layer per insert),
 * {@code skopeo} pushes and converts them. Layer content is pseudo-random from a seed, so two images made with the same
 * seed share that layer's blob (a shared base).
 */
public final class ImageFixtures {

    private final Path work;

    public ImageFixtures(Path work) {
        this.work = work;
    }

    /** One layer: a file of {@code bytes} pseudo-random bytes from {@code seed}, at {@code path} in the image. */
    public record Layer(String path, int bytes, long seed) {}

    /** An OCI layout at {@code work/<name>} holding one image tagged {@code tag}, one layer per spec. */
    public Path layout(String name, String tag, List<Layer> layers) {
        return layout(name, tag, "amd64", layers);
    }

    public Path layout(String name, String tag, String architecture, List<Layer> layers) {
        return layout(name, tag, architecture, null, layers);
    }

    /** As above, with the config's {@code created} time set (RFC 3339), or umoci's own (now) when null. */
    public Path layout(String name, String tag, String architecture, String created, List<Layer> layers) {
        Path layout = work.resolve(name);
        if (!Files.isDirectory(layout)) {
            Commands.run("umoci", "init", "--layout", layout.toString());
        }
        String image = layout + ":" + tag;
        Commands.run("umoci", "new", "--image", image);
        List<String> config = new ArrayList<>(List.of(
                "umoci",
                "config",
                "--image",
                image,
                "--architecture",
                architecture,
                "--os",
                "linux",
                "--config.env",
                "FIXTURE=" + name,
                "--config.cmd",
                "/bin/true"));
        if (created != null) {
            config.addAll(List.of("--created", created));
        }
        Commands.run(config, null, Map.of()).requireSuccess(config);
        for (Layer layer : layers) {
            Path file = work.resolve("layer-" + layer.seed() + "-" + layer.bytes() + ".bin");
            writeRandom(file, layer.bytes(), layer.seed());
            // umoci records the file's mtime: a fixed one makes the same Layer the same blob, whenever
            // it was written (two platforms sharing a base layer were flaky across a second boundary)
            setFixedTime(file);
            Commands.run(
                    "umoci",
                    "insert",
                    "--image",
                    image,
                    "--history.created",
                    "1970-01-01T00:00:00Z",
                    file.toString(),
                    layer.path());
        }
        return layout;
    }

    /** Pushes {@code layout:tag} with skopeo; {@code format} is {@code oci} or {@code v2s2}. Returns the digest. */
    public String push(
            Path layout, String tag, LocalRegistry registry, String repository, String destTag, String format) {
        Path digestFile = tempFile();
        List<String> command = new ArrayList<>(List.of(
                "skopeo",
                "copy",
                "--quiet",
                "--dest-tls-verify=false",
                "--format",
                format,
                "--digestfile",
                digestFile.toString()));
        if (registry.hasAuth()) {
            command.addAll(List.of("--dest-creds", registry.creds()));
        }
        command.addAll(
                List.of("oci:" + layout + ":" + tag, "docker://" + registry.host() + "/" + repository + ":" + destTag));
        Commands.run(command, null, Map.of()).requireSuccess(command);
        return read(digestFile);
    }

    /** Pushes every platform of a multi-platform layout (made by {@link #multiPlatform}). */
    public String pushAll(Path layout, String tag, LocalRegistry registry, String repository, String destTag) {
        Path digestFile = tempFile();
        List<String> command = new ArrayList<>(List.of(
                "skopeo",
                "copy",
                "--quiet",
                "--all",
                "--dest-tls-verify=false",
                "--digestfile",
                digestFile.toString()));
        if (registry.hasAuth()) {
            command.addAll(List.of("--dest-creds", registry.creds()));
        }
        command.addAll(
                List.of("oci:" + layout + ":" + tag, "docker://" + registry.host() + "/" + repository + ":" + destTag));
        Commands.run(command, null, Map.of()).requireSuccess(command);
        return read(digestFile);
    }

    /**
     * A layout whose {@code tag} names an OCI index of one amd64 and one arm64 image sharing a base layer. umoci makes
     * the images; the index is written here by hand, as the image spec describes it.
     */
    public Path multiPlatform(String name, String tag, long seed) {
        Layer base = new Layer("/base.bin", 64 * 1024, seed);
        layout(name, "amd64", "amd64", List.of(base, new Layer("/amd64.bin", 32 * 1024, seed + 1)));
        Path layout = layout(name, "arm64", "arm64", List.of(base, new Layer("/arm64.bin", 32 * 1024, seed + 2)));
        try {
            String index = Files.readString(layout.resolve("index.json"));
            String amd = descriptorOf(index, "amd64", "amd64");
            String arm = descriptorOf(index, "arm64", "arm64");
            String indexJson = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
                    + "\"manifests\":[" + amd + "," + arm + "]}";
            byte[] bytes = indexJson.getBytes(StandardCharsets.UTF_8);
            String hex = sha256(bytes);
            Files.write(layout.resolve("blobs/sha256/" + hex), bytes);
            String top = index.substring(0, index.lastIndexOf(']'))
                    + ",{\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"digest\":\"sha256:" + hex
                    + "\",\"size\":" + bytes.length + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\""
                    + tag + "\"}}" + index.substring(index.lastIndexOf(']'));
            Files.writeString(layout.resolve("index.json"), top);
            return layout;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The descriptor JSON of the manifest named {@code refName} in an index.json, with a platform added. */
    private static String descriptorOf(String indexJson, String refName, String architecture) {
        int at = indexJson.indexOf("\"org.opencontainers.image.ref.name\":\"" + refName + "\"");
        int start = indexJson.lastIndexOf("{\"mediaType\"", at);
        String digest = between(indexJson.substring(start), "\"digest\":\"", "\"");
        String size = between(indexJson.substring(start), "\"size\":", ",");
        return "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + digest + "\",\"size\":"
                + size + ",\"platform\":{\"architecture\":\"" + architecture + "\",\"os\":\"linux\"}}";
    }

    private static String between(String text, String before, String after) {
        int from = text.indexOf(before) + before.length();
        int to = text.indexOf(after, from);
        return text.substring(from, to).replace("}", "").trim();
    }

    /** Converts with skopeo, e.g. to {@code oci-archive:/x.tar:tag} or {@code docker-archive:/x.tar:repo:tag}. */
    public static void skopeoCopy(String from, String to, String... extra) {
        List<String> command = new ArrayList<>(
                List.of("skopeo", "copy", "--quiet", "--src-tls-verify=false", "--dest-tls-verify=false"));
        command.addAll(List.of(extra));
        command.add(from);
        command.add(to);
        Commands.run(command, null, Map.of()).requireSuccess(command);
    }

    /** {@code skopeo inspect --raw}: the exact manifest bytes the registry serves. */
    public static String inspectRaw(LocalRegistry registry, String reference) {
        List<String> command = new ArrayList<>(List.of("skopeo", "inspect", "--raw", "--tls-verify=false"));
        if (registry.hasAuth()) {
            command.addAll(List.of("--creds", registry.creds()));
        }
        command.add("docker://" + registry.host() + "/" + reference);
        return Commands.run(command, null, Map.of()).requireSuccess(command).stdout();
    }

    /** {@code skopeo list-tags}: the tags of {@code repository}, one a line; null when the repository is unknown. */
    public static String listTags(LocalRegistry registry, String repository) {
        List<String> command = new ArrayList<>(List.of("skopeo", "list-tags", "--tls-verify=false"));
        if (registry.hasAuth()) {
            command.addAll(List.of("--creds", registry.creds()));
        }
        command.add("docker://" + registry.host() + "/" + repository);
        Commands.Result result = Commands.run(command, null, Map.of());
        if (result.exitCode() != 0) {
            return null;
        }
        String json = result.stdout();
        String tags = json.substring(json.indexOf('[') + 1, json.lastIndexOf(']'));
        return String.join("\n", tags.replace("\"", "").replace(",", " ").trim().split("\\s+"));
    }

    private static void setFixedTime(Path file) {
        try {
            Files.setLastModifiedTime(file, FileTime.fromMillis(1_577_836_800_000L));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void writeRandom(Path file, int bytes, long seed) {
        byte[] data = new byte[bytes];
        new Random(seed).nextBytes(data);
        try {
            Files.write(file, data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path tempFile() {
        try {
            return Files.createTempFile(work, "digest-", ".txt");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

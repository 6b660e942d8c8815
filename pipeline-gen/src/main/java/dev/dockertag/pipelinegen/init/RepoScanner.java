package dev.dockertag.pipelinegen.init;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dockertag.pipelinegen.config.BuildChain;
import dev.dockertag.pipelinegen.dockerfile.Dockerfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the images of a repository for {@code init}, in the layouts our users come from: a directory with a
 * {@code Dockerfile}; {@code Dockerfile_<suffix>} files (image {@code <repo>_<suffix>}); a {@code contexts/NN-name/}
 * tree whose numeric prefix orders the builds; a {@code .docker/IMAGES.json} build chain. Dependencies come from the
 * Dockerfiles' FROM lines (any registry, matched on the last path component).
 */
public final class RepoScanner {

    /** An image found in the repository. {@code note} says where it came from. */
    public record Found(String name, String context, String dockerfile, List<String> from, String note) {}

    private static final Pattern CONTEXT_DIR = Pattern.compile("([0-9]+)-(.+)");
    private static final Set<String> SKIPPED = Set.of(".git", "node_modules", "target", "build", ".idea", "vendor");

    private final Path root;
    private final String repoName;

    public RepoScanner(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.repoName = slug(
                this.root.getFileName() == null
                        ? "app"
                        : this.root.getFileName().toString());
    }

    public String repoName() {
        return repoName;
    }

    public List<Found> scan() {
        Map<String, Found> found = new LinkedHashMap<>();
        imagesJson().forEach(f -> found.putIfAbsent(key(f), f));
        contextsTree().forEach(f -> found.putIfAbsent(key(f), f));
        dockerfiles().forEach(f -> found.putIfAbsent(key(f), f));
        List<Found> images = uniqueNames(new ArrayList<>(found.values()));
        return withDependencies(images);
    }

    private static String key(Found f) {
        return f.context() + "/" + f.dockerfile();
    }

    /** {@code contexts/NN-name/}: ordered by the number, not by the text (2 before 10). */
    private List<Found> contextsTree() {
        Path contexts = root.resolve("contexts");
        if (!Files.isDirectory(contexts)) {
            return List.of();
        }
        List<Found> result = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(contexts)) {
            dirs.filter(Files::isDirectory)
                    .map(d -> CONTEXT_DIR.matcher(d.getFileName().toString()))
                    .filter(Matcher::matches)
                    .map(m -> new Object[] {Long.parseLong(m.group(1)), m.group(0), m.group(2)})
                    .sorted(Comparator.comparingLong((Object[] a) -> (Long) a[0])
                            .thenComparing(a -> (String) a[1]))
                    .forEach(a -> {
                        String dir = "contexts/" + a[1];
                        if (Files.isRegularFile(root.resolve(dir).resolve("Dockerfile"))) {
                            result.add(new Found(
                                    slug((String) a[2]),
                                    dir,
                                    "Dockerfile",
                                    List.of(),
                                    "contexts/ tree, build order " + a[0]));
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return result;
    }

    /** corpusops' {@code .docker/IMAGES.json} (or {@code docker/IMAGES.json}): dockerfile images in listed order. */
    private List<Found> imagesJson() {
        List<Found> result = new ArrayList<>();
        for (String candidate : List.of(".docker/IMAGES.json", "docker/IMAGES.json")) {
            Path file = root.resolve(candidate);
            if (!Files.isRegularFile(file)) {
                continue;
            }
            JsonNode document;
            try {
                document = new ObjectMapper().readTree(file.toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(new IOException(candidate + ": not valid JSON: " + e.getMessage(), e));
            }
            JsonNode images = document.isArray() ? document : document.path("images");
            for (JsonNode image : images) {
                // A dockerfile key means the docker builder; packer is the default (and is skipped here).
                String builder = image.path("builder_type").asText(image.has("dockerfile") ? "dockerfile" : "packer");
                if (!builder.equals("dockerfile") && !builder.equals("docker")) {
                    continue;
                }
                String dockerfile =
                        image.path("dockerfile").asText(image.path("file").asText("Dockerfile"));
                String context = image.path("working_dir").asText(".");
                Path relative = Path.of(dockerfile);
                if (relative.getParent() != null && context.equals(".")) {
                    context = relative.getParent().toString();
                    dockerfile = relative.getFileName().toString();
                }
                String tag = image.path("tag").asText("");
                String name = image.path("name").asText("");
                if (name.isEmpty()) {
                    String repository = tag.contains(":") ? tag.substring(0, tag.lastIndexOf(':')) : tag;
                    name = repository.substring(repository.lastIndexOf('/') + 1);
                }
                if (name.isEmpty()) {
                    name = repoName;
                }
                result.add(new Found(slug(name), context, dockerfile, List.of(), candidate + " (" + tag + ")"));
            }
        }
        return result;
    }

    /** Every {@code Dockerfile} and {@code Dockerfile_<suffix>} in the tree, sorted by path. */
    private List<Found> dockerfiles() {
        List<Found> result = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(p -> root.relativize(p).toString().split("/").length > 0)
                    .filter(p -> {
                        for (Path part : root.relativize(p)) {
                            if (SKIPPED.contains(part.toString())) {
                                return false;
                            }
                        }
                        return true;
                    })
                    .filter(Files::isRegularFile)
                    .sorted()
                    .forEach(p -> {
                        String file = p.getFileName().toString();
                        Path dir = root.relativize(p.getParent());
                        String context = dir.toString().isEmpty() ? "." : dir.toString();
                        if (file.equals("Dockerfile")) {
                            String name = context.equals(".")
                                    ? repoName
                                    : slug(dir.getFileName().toString());
                            result.add(new Found(name, context, file, List.of(), "Dockerfile in " + context));
                        } else if (file.startsWith("Dockerfile_") && file.length() > "Dockerfile_".length()) {
                            String suffix = file.substring("Dockerfile_".length());
                            result.add(new Found(
                                    repoName + "_" + slug(suffix), context, file, List.of(), file + " in " + context));
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return result;
    }

    /** Two images with one name get the path of their context in front: {@code ci-images-base}. */
    private List<Found> uniqueNames(List<Found> images) {
        Map<String, Long> counts = new LinkedHashMap<>();
        images.forEach(f -> counts.merge(f.name(), 1L, Long::sum));
        List<Found> result = new ArrayList<>();
        for (Found f : images) {
            String name = f.name();
            if (counts.get(name) > 1) {
                name = slug(f.context().replace('/', '-')
                        + (f.dockerfile().equals("Dockerfile")
                                ? ""
                                : "-" + f.dockerfile().replace("Dockerfile_", "")));
            }
            result.add(new Found(name, f.context(), f.dockerfile(), f.from(), f.note()));
        }
        return result;
    }

    /** A FROM naming another found image (on any registry, any tag) makes it a parent. */
    private List<Found> withDependencies(List<Found> images) {
        List<Found> result = new ArrayList<>();
        for (Found image : images) {
            Set<String> parents = new LinkedHashSet<>();
            try {
                String text = Files.readString(
                        root.resolve(image.context()).resolve(image.dockerfile()), StandardCharsets.UTF_8);
                for (Dockerfile.From from : Dockerfile.parse(text).froms()) {
                    if (from.stage() || from.resolved().isEmpty()) {
                        continue;
                    }
                    String repository = BuildChain.repositoryOf(from.resolved().get());
                    String last = repository.substring(repository.lastIndexOf('/') + 1);
                    images.stream()
                            .map(Found::name)
                            .filter(n -> !n.equals(image.name()) && (n.equals(last) || n.equals(slug(last))))
                            .findFirst()
                            .ifPresent(parents::add);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            result.add(
                    new Found(image.name(), image.context(), image.dockerfile(), List.copyOf(parents), image.note()));
        }
        return result;
    }

    static String slug(String text) {
        String slug = text.toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9._-]+", "-")
                .replaceAll("^[^a-z0-9]+", "")
                .replaceAll("[^a-z0-9]+$", "");
        return slug.isEmpty() ? "image" : slug;
    }
}

package dev.dockertag.pipelinegen.config;

import dev.dockertag.pipelinegen.dockerfile.Dockerfile;
import dev.dockertag.tool.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The images in build order, each with the images it is built from. Dependencies come from the Dockerfile's
 * {@code FROM} lines (a reference to {@code <registry.prefix>/<name>} or to a bare {@code <name>}, directly or through
 * a global {@code ARG} default) and from {@code from:} in the config.
 */
public final class BuildChain {

    /** A parent image and the build argument through which the exact parent is passed in, if any. */
    public record Parent(String image, Optional<String> argument) {}

    /**
     * One image in build order. {@code lineage} is the image and all its ancestors (parents first); {@code paths} are
     * the git pathspecs whose changes make the image stale: its own context, its Dockerfile when that lives elsewhere,
     * and the paths of every ancestor.
     */
    public record Link(GenConfig.Image image, List<Parent> parents, List<String> lineage, List<String> paths) {
        public String name() {
            return image.name();
        }
    }

    private final List<Link> links;
    private final List<String> warnings;

    private BuildChain(List<Link> links, List<String> warnings) {
        this.links = List.copyOf(links);
        this.warnings = List.copyOf(warnings);
    }

    public List<Link> links() {
        return links;
    }

    public Link link(String image) {
        return links.stream()
                .filter(l -> l.name().equals(image))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown image '" + image + "'"));
    }

    public List<String> warnings() {
        return warnings;
    }

    public static BuildChain resolve(GenConfig config) {
        List<String> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Map<String, List<Parent>> parents = new LinkedHashMap<>();
        List<GenConfig.Image> images = config.images();
        for (int i = 0; i < images.size(); i++) {
            GenConfig.Image image = images.get(i);
            parents.put(image.name(), parentsOf(config, image, i, problems, warnings));
        }
        List<String> order = order(config, parents, problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        Map<String, Link> byName = new LinkedHashMap<>();
        for (String name : order) {
            GenConfig.Image image = images.stream()
                    .filter(x -> x.name().equals(name))
                    .findFirst()
                    .orElseThrow();
            Set<String> lineage = new LinkedHashSet<>();
            Set<String> paths = new LinkedHashSet<>();
            paths.add(pathspec(image.context()));
            if (!image.dockerfile().startsWith(image.context() + "/")
                    && !image.context().equals(".")) {
                paths.add(image.dockerfile());
            }
            for (Parent parent : parents.get(name)) {
                Link link = byName.get(parent.image());
                lineage.addAll(link.lineage());
                paths.addAll(link.paths());
            }
            lineage.add(name);
            byName.put(name, new Link(image, parents.get(name), List.copyOf(lineage), List.copyOf(paths)));
        }
        return new BuildChain(List.copyOf(byName.values()), warnings);
    }

    private static String pathspec(String context) {
        return context.equals(".") ? "." : context + "/";
    }

    private static List<Parent> parentsOf(
            GenConfig config, GenConfig.Image image, int index, List<String> problems, List<String> warnings) {
        String key = config.relativeFile() + ": images[" + index + "]";
        Dockerfile dockerfile;
        try {
            dockerfile = Dockerfile.parse(
                    Files.readString(config.repoRoot().resolve(image.dockerfile()), StandardCharsets.UTF_8));
        } catch (IOException e) {
            problems.add(key + ".dockerfile: cannot read '" + image.dockerfile() + "': " + e.getMessage());
            return List.of();
        }
        Map<String, Parent> found = new LinkedHashMap<>();
        for (Dockerfile.From from : dockerfile.froms()) {
            if (from.stage() || from.resolved().isEmpty()) {
                continue;
            }
            Optional<String> parent = matchImage(config, from.resolved().get());
            if (parent.isEmpty() || parent.get().equals(image.name())) {
                continue;
            }
            if (from.argument().isEmpty()) {
                String arg = defaultArgument(parent.get());
                warnings.add(image.dockerfile() + ":" + from.line() + ": FROM " + from.reference()
                        + " names image '" + parent.get() + "' by tag, so the build pulls that tag instead of the"
                        + " image this pipeline just built; hint: ARG " + arg + "=" + from.reference()
                        + " before the first FROM, then FROM ${" + arg + "}");
            }
            found.putIfAbsent(parent.get(), new Parent(parent.get(), from.argument()));
        }
        for (String explicit : image.from()) {
            if (found.containsKey(explicit)) {
                continue;
            }
            // A FROM through a build argument that has no default, or whose default names this image
            // on another registry, is where the parent goes in.
            List<String> unresolved = dockerfile.froms().stream()
                    .filter(f -> !f.stage() && f.argument().isPresent())
                    .filter(f -> f.resolved().isEmpty()
                            || lastComponent(f.resolved().get()).equals(explicit))
                    .map(f -> f.argument().get())
                    .distinct()
                    .toList();
            if (unresolved.size() == 1) {
                found.put(explicit, new Parent(explicit, Optional.of(unresolved.get(0))));
            } else {
                String arg = defaultArgument(explicit);
                warnings.add(config.relativeFile() + ": images[" + index + "].from: no FROM line of "
                        + image.dockerfile() + " takes '" + explicit + "' through a build argument, so the build"
                        + " cannot be given the image this pipeline just built; hint: ARG " + arg
                        + " before the first FROM, then FROM ${" + arg + "}");
                found.put(explicit, new Parent(explicit, Optional.empty()));
            }
        }
        return List.copyOf(found.values());
    }

    /** The image a FROM reference names: {@code <prefix>/<name>} or a bare {@code <name>}, any tag or digest. */
    static Optional<String> matchImage(GenConfig config, String reference) {
        String repository = repositoryOf(reference);
        for (GenConfig.Image image : config.images()) {
            if (repository.equals(image.name())
                    || repository.equals(config.registry().repository(image.name()))) {
                return Optional.of(image.name());
            }
        }
        return Optional.empty();
    }

    private static String lastComponent(String reference) {
        String repository = repositoryOf(reference);
        return repository.substring(repository.lastIndexOf('/') + 1);
    }

    /** The reference without its tag or digest. */
    public static String repositoryOf(String reference) {
        String repository = reference;
        int at = repository.indexOf('@');
        if (at >= 0) {
            repository = repository.substring(0, at);
        }
        int slash = repository.lastIndexOf('/');
        int colon = repository.lastIndexOf(':');
        if (colon > slash) {
            repository = repository.substring(0, colon);
        }
        return repository;
    }

    /** The build argument suggested for a parent: {@code banana-base -> BANANA_BASE_IMAGE}. */
    public static String defaultArgument(String image) {
        return image.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_") + "_IMAGE";
    }

    /** Kahn's algorithm, taking images in config order whenever there is a choice. */
    private static List<String> order(GenConfig config, Map<String, List<Parent>> parents, List<String> problems) {
        List<String> order = new ArrayList<>();
        Set<String> done = new LinkedHashSet<>();
        boolean progress = true;
        while (progress && done.size() < parents.size()) {
            progress = false;
            for (Map.Entry<String, List<Parent>> entry : parents.entrySet()) {
                if (!done.contains(entry.getKey())
                        && entry.getValue().stream().allMatch(p -> done.contains(p.image()))) {
                    done.add(entry.getKey());
                    order.add(entry.getKey());
                    progress = true;
                    break;
                }
            }
        }
        if (done.size() < parents.size()) {
            problems.add(config.relativeFile() + ": images: dependency cycle: " + cycle(parents, done));
        }
        return order;
    }

    private static String cycle(Map<String, List<Parent>> parents, Set<String> done) {
        String start = parents.keySet().stream()
                .filter(n -> !done.contains(n))
                .findFirst()
                .orElseThrow();
        List<String> path = new ArrayList<>();
        String current = start;
        while (!path.contains(current)) {
            path.add(current);
            current = parents.get(current).stream()
                    .map(Parent::image)
                    .filter(p -> !done.contains(p))
                    .findFirst()
                    .orElseThrow();
        }
        List<String> loop = new ArrayList<>(path.subList(path.indexOf(current), path.size()));
        loop.add(current);
        return String.join(" -> ", loop) + " (each is built FROM the next)";
    }
}

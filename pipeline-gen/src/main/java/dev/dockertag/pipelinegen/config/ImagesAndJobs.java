package dev.dockertag.pipelinegen.config;

import dev.dockertag.tool.config.Fields;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The config's {@code images} and {@code jobs}: what the pipeline builds and runs. Checked as {@link ConfigLoader}
 * checks the rest (every problem at once, each naming its key), including that the resource and job names they generate
 * do not collide.
 */
final class ImagesAndJobs {

    private static final Pattern IMAGE_NAME = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern JOB_NAME =
            Pattern.compile("[\\p{Ll}\\p{Lt}\\p{Lm}\\p{Lo}0-9][\\p{Ll}\\p{Lt}\\p{Lm}\\p{Lo}0-9._-]*");
    private static final Pattern PLATFORM = Pattern.compile("[a-z0-9]+/[a-z0-9_]+(?:/[a-z0-9]+)?");

    private ImagesAndJobs() {}

    static List<GenConfig.Image> images(Fields root, Path repoRoot) {
        if (!root.has("images")) {
            root.problem("images", "is required: a list of images, each {name, context}");
            return List.of();
        }
        List<Fields> entries = root.objects("images");
        List<GenConfig.Image> images = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (Fields entry : entries) {
            entry.allowOnly(Set.of("name", "context", "dockerfile", "build_args", "platforms", "from"));
            String name = name(
                    entry,
                    "the image lives at <registry.prefix>/<name>",
                    IMAGE_NAME,
                    "is not a valid repository name: lower-case letters and digits, separated by '.', '_' or '-'",
                    seen);
            String context =
                    entry.requiredString("context", "the build context directory, relative to the repository root");
            String dockerfile = entry.string("dockerfile").orElse("Dockerfile");
            String dockerfilePath = "";
            if (!context.isEmpty() && RepositoryPaths.checkRelative(entry, "context", context)) {
                context = RepositoryPaths.trimSlashes(context);
                Path dir = repoRoot.resolve(context);
                if (!Files.isDirectory(dir)) {
                    entry.problem("context", "directory '" + context + "' does not exist in " + repoRoot);
                } else if (RepositoryPaths.checkRelative(entry, "dockerfile", dockerfile)) {
                    dockerfilePath = RepositoryPaths.normalise(context + "/" + dockerfile);
                    if (!Files.isRegularFile(repoRoot.resolve(dockerfilePath))) {
                        entry.problem("dockerfile", "file '" + dockerfilePath + "' does not exist");
                    }
                }
            }
            Map<String, String> buildArgs = entry.scalars("build_args");
            buildArgs.keySet().stream()
                    .filter(k -> !k.matches("[A-Za-z_][A-Za-z0-9_]*"))
                    .forEach(k -> entry.problem("build_args." + k, "is not a valid build argument name"));
            List<String> platforms = entry.strings("platforms", false);
            for (int i = 0; i < platforms.size(); i++) {
                if (!PLATFORM.matcher(platforms.get(i)).matches()) {
                    entry.problem(
                            "platforms[" + i + "]",
                            "'" + platforms.get(i) + "' is not os/architecture[/variant]"
                                    + " (e.g. linux/amd64, linux/arm64/v8)");
                }
            }
            List<String> from = entry.strings("from", true);
            images.add(new GenConfig.Image(name, context, dockerfilePath, buildArgs, platforms, from));
        }
        if (root.isEmptyList("images")) {
            root.problem("images", "must list at least one image");
        }
        for (int i = 0; i < images.size(); i++) {
            GenConfig.Image image = images.get(i);
            for (String parent : image.from()) {
                if (parent.equals(image.name())) {
                    root.problem("images[" + i + "].from", "'" + parent + "' is the image itself");
                } else if (!seen.containsKey(parent)) {
                    root.problem(
                            "images[" + i + "].from",
                            "unknown image '" + parent + "' (images: "
                                    + String.join(
                                            ", ",
                                            seen.keySet().stream().sorted().toList()) + ")");
                }
            }
        }
        return images;
    }

    static List<GenConfig.Job> jobs(Fields root, Path repoRoot, List<GenConfig.Image> images) {
        List<GenConfig.Job> jobs = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        Set<String> imageNames =
                new TreeSet<>(images.stream().map(GenConfig.Image::name).toList());
        for (Fields entry : root.objects("jobs")) {
            entry.allowOnly(Set.of("name", "image", "task", "paths", "params", "privileged"));
            String name = name(
                    entry,
                    "the job's name in the pipeline",
                    JOB_NAME,
                    "is not a valid Concourse identifier:"
                            + " lower-case letters, digits, '-', '_' and '.', starting with a letter or digit",
                    seen);
            String image = entry.requiredString("image", "the image the task runs in, one of images[].name");
            if (!image.isEmpty() && !imageNames.isEmpty() && !imageNames.contains(image)) {
                entry.problem("image", "unknown image '" + image + "' (images: " + String.join(", ", imageNames) + ")");
            }
            String task = entry.requiredString("task", "a task file in the repository, e.g. ci/tasks/test.yml");
            if (!task.isEmpty() && RepositoryPaths.checkRelative(entry, "task", task)) {
                task = RepositoryPaths.normalise(task);
                if (!Files.isRegularFile(repoRoot.resolve(task))) {
                    entry.problem("task", "file '" + task + "' does not exist in " + repoRoot);
                }
            }
            List<String> paths = entry.strings("paths", false);
            for (int i = 0; i < paths.size(); i++) {
                if (paths.get(i).contains("..") || paths.get(i).startsWith("/")) {
                    entry.problem("paths[" + i + "]", "'" + paths.get(i) + "' must be a path inside the repository");
                }
            }
            Map<String, String> params = entry.scalars("params");
            boolean privileged = entry.bool("privileged").orElse(false);
            jobs.add(new GenConfig.Job(name, image, task, paths, params, privileged));
        }
        return jobs;
    }

    /**
     * The entry's {@code name}: required ({@code hint} says what it is), matching {@code valid} (else {@code invalid}
     * says why not), and no other entry's ({@code seen}: name to the entry that has it).
     */
    private static String name(Fields entry, String hint, Pattern valid, String invalid, Map<String, String> seen) {
        String name = entry.requiredString("name", hint);
        if (!name.isEmpty() && !valid.matcher(name).matches()) {
            entry.problem("name", "'" + name + "' " + invalid);
        }
        if (!name.isEmpty() && seen.putIfAbsent(name, entry.path()) != null) {
            entry.problem("name", "'" + name + "' is already the name of " + seen.get(name));
        }
        return name;
    }

    /** The generated resource and job names must not collide with each other. */
    static void checkGeneratedNames(Fields root, List<GenConfig.Image> images, List<GenConfig.Job> jobs) {
        Map<String, String> resources = new LinkedHashMap<>();
        Set<String> imageNames = new HashSet<>();
        for (int i = 0; i < images.size(); i++) {
            String name = images.get(i).name();
            if (!imageNames.add(name)) {
                continue; // already reported as a duplicate name
            }
            claim(root, resources, Names.imageResource(name), "images[" + i + "].name");
            claim(root, resources, Names.imageFiles(name), "images[" + i + "].name");
        }
        boolean wholeRepo = jobs.stream().anyMatch(j -> j.paths().isEmpty());
        if (wholeRepo) {
            claim(root, resources, Names.SOURCE, "jobs");
        }
        Map<String, String> jobNames = new LinkedHashMap<>();
        for (int i = 0; i < images.size(); i++) {
            jobNames.put(Names.buildJob(images.get(i).name()), "images[" + i + "].name");
        }
        for (int i = 0; i < jobs.size(); i++) {
            GenConfig.Job job = jobs.get(i);
            if (!job.paths().isEmpty()) {
                claim(root, resources, Names.jobSource(job.name()), "jobs[" + i + "].name");
            }
            String owner = jobNames.get(job.name());
            if (owner != null) {
                root.problem(
                        "jobs[" + i + "].name",
                        "'" + job.name() + "' is the name of the job that builds " + owner.replace(".name", "")
                                + "; choose another name");
            }
        }
    }

    private static void claim(Fields root, Map<String, String> taken, String resource, String key) {
        String owner = taken.putIfAbsent(resource, key);
        if (owner != null && !owner.equals(key)) {
            root.problem(
                    key,
                    "would generate the resource '" + resource + "', which " + owner
                            + " already generates; rename one of them");
        }
    }
}

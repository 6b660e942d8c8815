package dev.dockertag.pipelinegen.config;

import dev.dockertag.tool.config.ConfigException;
import dev.dockertag.tool.config.Fields;
import com.fasterxml.jackson.databind.JsonNode;
import dev.dockertag.tool.config.Yaml;
import dev.dockertag.registry.BranchNaming;
import dev.dockertag.registry.ImageReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code pipeline-gen.yml} strictly: unknown keys, wrong types, missing directories and files,
 * duplicate names and literal secrets are all reported at once, each naming the file and the key.
 */
public final class ConfigLoader {

    public static final String DEFAULT_FILE = "pipeline-gen.yml";
    public static final String DEFAULT_MAIN_BRANCH = "main";
    public static final String DEFAULT_BUILD_TASK_IMAGE = "concourse/oci-build-task";
    public static final String DEFAULT_GUARD_IMAGE = "alpine/git";

    private static final Pattern PIPELINE_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");
    private static final Pattern IMAGE_NAME = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern JOB_NAME = Pattern.compile("[\\p{Ll}\\p{Lt}\\p{Lm}\\p{Lo}0-9][\\p{Ll}\\p{Lt}\\p{Lm}\\p{Lo}0-9._-]*");
    private static final Pattern PLATFORM = Pattern.compile("[a-z0-9]+/[a-z0-9_]+(?:/[a-z0-9]+)?");
    private static final Pattern VAR = Pattern.compile("\\(\\(\\s*[^()\\s]+\\s*\\)\\)");
    private static final Pattern DURATION = Pattern.compile("(?:[0-9]+(?:\\.[0-9]+)?(?:ns|us|µs|ms|s|m|h))+");

    private ConfigLoader() {
    }

    /** Loads and checks a config; throws {@link ConfigException} with every problem found. */
    public static GenConfig load(Path configFile) {
        Path file = configFile.toAbsolutePath().normalize();
        String shown = configFile.toString();
        JsonNode document;
        try {
            document = Yaml.read(file);
        } catch (Yaml.YamlException e) {
            throw new ConfigException(e.getMessage().replace(file.toString(), shown));
        }
        List<String> problems = new ArrayList<>();
        Fields root = Fields.root(shown, document, problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        // The config lives at the repository's root: every path in it, and the git paths the pipeline
        // filters on, are relative to that directory.
        Path repoRoot = file.getParent();
        GenConfig config = read(root, file, repoRoot);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return config;
    }

    /** The work tree that holds the config (the nearest directory with {@code .git}), else its directory. */
    public static Path repositoryRoot(Path start) {
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve(".git"))) {
                return dir;
            }
        }
        return start;
    }

    public static boolean isVar(String value) {
        return VAR.matcher(value.strip()).matches();
    }

    private static GenConfig read(Fields root, Path file, Path repoRoot) {
        root.allowOnly(Set.of("name", "git", "main_branch", "registry", "resource_type_image", "build_task_image",
                "guard_image", "images", "jobs", "webhooks", "tracker", "concourse", "check_every"));

        String name = root.requiredString("name", "pipelines are named <name>-<branch slug>");
        if (!name.isEmpty() && !PIPELINE_NAME.matcher(name).matches()) {
            root.problem("name", "'" + name + "' must be lower-case letters, digits, '.', '-' or '_', starting with"
                    + " a letter or digit (pipelines are named <name>-<branch slug>)");
        }
        GenConfig.Git git = git(root);
        String mainBranch = root.string("main_branch").orElse(DEFAULT_MAIN_BRANCH);
        try {
            BranchNaming.slug(mainBranch);
        } catch (IllegalArgumentException e) {
            root.problem("main_branch", e.getMessage());
        }
        GenConfig.Registry registry = registry(root);
        String resourceTypeImage = root.requiredString("resource_type_image",
                "the repository of the resource-docker-tag image");
        checkImageReference(root, "resource_type_image", resourceTypeImage);
        String buildTaskImage = root.string("build_task_image").orElse(DEFAULT_BUILD_TASK_IMAGE);
        checkImageReference(root, "build_task_image", buildTaskImage);
        String guardImage = root.string("guard_image").orElse(DEFAULT_GUARD_IMAGE);
        checkImageReference(root, "guard_image", guardImage);

        List<GenConfig.Image> images = images(root, repoRoot);
        List<GenConfig.Job> jobs = jobs(root, repoRoot, images);
        int concourse = concourse(root);
        GenConfig.Webhooks webhooks = webhooks(root);
        GenConfig.Tracker tracker = tracker(root, repoRoot, concourse);
        GenConfig.CheckEvery checkEvery = checkEvery(root, concourse, webhooks);
        checkGeneratedNames(root, images, jobs);
        return new GenConfig(file, repoRoot, name, git, mainBranch, registry, resourceTypeImage, buildTaskImage,
                guardImage, images, jobs, webhooks, tracker, concourse, checkEvery);
    }

    private static int concourse(Fields root) {
        if (!root.has("concourse")) {
            return GenConfig.CONCOURSE_8;
        }
        String value = root.string("concourse").orElse("");
        return switch (value) {
            case "8" -> GenConfig.CONCOURSE_8;
            case "7" -> GenConfig.CONCOURSE_7;
            default -> {
                root.problem("concourse", "must be 8 (the default) or 7, not '" + value + "'");
                yield GenConfig.CONCOURSE_8;
            }
        };
    }

    private static GenConfig.Webhooks webhooks(Fields root) {
        String value = root.string("webhooks").orElse("false");
        return switch (value) {
            case "false" -> GenConfig.Webhooks.NONE;
            case "true", "per_branch" -> GenConfig.Webhooks.PER_BRANCH;
            case "tracker" -> GenConfig.Webhooks.TRACKER;
            default -> {
                root.problem("webhooks", "must be true (or per_branch), tracker or false, not '" + value + "'");
                yield GenConfig.Webhooks.NONE;
            }
        };
    }

    /**
     * Per resource kind: image resources need not check every minute (their versions come from the
     * pipeline's own puts, or from main's image while the branch has none), so Concourse 8 output checks
     * them every 10m; git resources keep Concourse's 1m, 24h behind per-branch webhooks, 1h when only the
     * tracker has one. Concourse 7 output sets nothing it did not set before.
     */
    private static GenConfig.CheckEvery checkEvery(Fields root, int concourse, GenConfig.Webhooks webhooks) {
        Optional<Fields> fields = root.object("check_every");
        fields.ifPresent(f -> f.allowOnly(Set.of("git", "images")));
        Optional<String> git = fields.flatMap(f -> f.string("git"));
        Optional<String> images = fields.flatMap(f -> f.string("images"));
        git.ifPresent(d -> checkDuration(fields.get(), "git", d));
        images.ifPresent(d -> checkDuration(fields.get(), "images", d));
        if (git.isEmpty()) {
            git = switch (webhooks) {
                case PER_BRANCH -> Optional.of("24h");
                case TRACKER -> Optional.of("1h");
                case NONE -> Optional.empty();
            };
        }
        if (images.isEmpty() && concourse >= GenConfig.CONCOURSE_8) {
            images = Optional.of("10m");
        }
        return new GenConfig.CheckEvery(git, images);
    }

    private static void checkDuration(Fields fields, String key, String value) {
        if (!value.equals("never") && !DURATION.matcher(value).matches()) {
            fields.problem(key, "'" + value + "' is not a duration such as 1m, 10m or 1h (or never)");
        }
    }

    private static GenConfig.Git git(Fields root) {
        if (!root.has("git")) {
            root.problem("git", "is required (git: {uri: ...}, the repository the pipelines follow)");
            return new GenConfig.Git("", Optional.empty(), Optional.empty(), Optional.empty());
        }
        Fields git = root.object("git").orElse(null);
        if (git == null) {
            return new GenConfig.Git("", Optional.empty(), Optional.empty(), Optional.empty());
        }
        git.allowOnly(Set.of("uri", "private_key", "username", "password"));
        String uri = git.requiredString("uri", "the repository's clone URL");
        Optional<String> privateKey = secret(git, "private_key");
        Optional<String> username = git.string("username");
        Optional<String> password = secret(git, "password");
        return new GenConfig.Git(uri, privateKey, username, password);
    }

    private static GenConfig.Registry registry(Fields root) {
        Fields registry = root.object("registry").orElse(null);
        if (registry == null) {
            if (!root.has("registry")) {
                root.problem("registry", "is required (registry: {prefix: host/path}, where the images live)");
            }
            return new GenConfig.Registry("", Optional.empty(), Optional.empty(), false, List.of());
        }
        registry.allowOnly(Set.of("prefix", "username", "password", "insecure", "ca_certs"));
        String prefix = registry.requiredString("prefix", "images live at <prefix>/<image name>");
        if (!prefix.isEmpty()) {
            if (prefix.contains("://")) {
                registry.problem("prefix", "'" + prefix + "' must be host[:port]/path without a scheme");
            } else if (prefix.endsWith("/") || prefix.contains("@") || prefix.substring(prefix.lastIndexOf('/') + 1).contains(":")) {
                registry.problem("prefix", "'" + prefix + "' must be host[:port]/path without a trailing '/', tag or digest");
            } else {
                checkImageReference(registry, "prefix", prefix + "/x");
            }
        }
        Optional<String> username = registry.string("username");
        Optional<String> password = secret(registry, "password");
        if (username.isPresent() != password.isPresent()) {
            registry.problem(username.isPresent() ? "password" : "username",
                    "username and password go together: give both or neither");
        }
        boolean insecure = registry.bool("insecure").orElse(false);
        List<String> caCerts = registry.strings("ca_certs", false);
        return new GenConfig.Registry(prefix, username, password, insecure, caCerts);
    }

    private static Optional<String> secret(Fields fields, String key) {
        Optional<String> value = fields.string(key);
        if (value.isPresent() && !isVar(value.get())) {
            fields.problem(key, "must be a ((var)) such as ((" + key.replace('_', '-') + ")), not a literal value:"
                    + " pipeline configs are visible to everyone who can see the pipeline");
            return Optional.empty();
        }
        return value;
    }

    private static void checkImageReference(Fields fields, String key, String reference) {
        if (reference.isEmpty()) {
            return;
        }
        try {
            ImageReference.parse(reference);
        } catch (IllegalArgumentException e) {
            fields.problem(key, e.getMessage());
        }
    }

    private static List<GenConfig.Image> images(Fields root, Path repoRoot) {
        if (!root.has("images")) {
            root.problem("images", "is required: a list of images, each {name, context}");
            return List.of();
        }
        List<Fields> entries = root.objects("images");
        List<GenConfig.Image> images = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (Fields entry : entries) {
            entry.allowOnly(Set.of("name", "context", "dockerfile", "build_args", "platforms", "from"));
            String name = entry.requiredString("name", "the image lives at <registry.prefix>/<name>");
            if (!name.isEmpty() && !IMAGE_NAME.matcher(name).matches()) {
                entry.problem("name", "'" + name + "' is not a valid repository name: lower-case letters and"
                        + " digits, separated by '.', '_' or '-'");
            }
            if (!name.isEmpty() && seen.putIfAbsent(name, entry.path()) != null) {
                entry.problem("name", "'" + name + "' is already the name of " + seen.get(name));
            }
            String context = entry.requiredString("context", "the build context directory, relative to the repository root");
            String dockerfile = entry.string("dockerfile").orElse("Dockerfile");
            String dockerfilePath = "";
            if (!context.isEmpty() && checkRelative(entry, "context", context)) {
                context = trimSlashes(context);
                Path dir = repoRoot.resolve(context);
                if (!Files.isDirectory(dir)) {
                    entry.problem("context", "directory '" + context + "' does not exist in " + repoRoot);
                } else if (checkRelative(entry, "dockerfile", dockerfile)) {
                    dockerfilePath = normalise(context + "/" + dockerfile);
                    if (!Files.isRegularFile(repoRoot.resolve(dockerfilePath))) {
                        entry.problem("dockerfile", "file '" + dockerfilePath + "' does not exist");
                    }
                }
            }
            Map<String, String> buildArgs = entry.scalars("build_args");
            buildArgs.keySet().stream().filter(k -> !k.matches("[A-Za-z_][A-Za-z0-9_]*"))
                    .forEach(k -> entry.problem("build_args." + k, "is not a valid build argument name"));
            List<String> platforms = entry.strings("platforms", false);
            for (int i = 0; i < platforms.size(); i++) {
                if (!PLATFORM.matcher(platforms.get(i)).matches()) {
                    entry.problem("platforms[" + i + "]", "'" + platforms.get(i) + "' is not os/architecture[/variant]"
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
                    root.problem("images[" + i + "].from", "unknown image '" + parent + "' (images: "
                            + String.join(", ", seen.keySet().stream().sorted().toList()) + ")");
                }
            }
        }
        return images;
    }

    private static List<GenConfig.Job> jobs(Fields root, Path repoRoot, List<GenConfig.Image> images) {
        List<GenConfig.Job> jobs = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        Set<String> imageNames = new java.util.TreeSet<>(images.stream().map(GenConfig.Image::name).toList());
        for (Fields entry : root.objects("jobs")) {
            entry.allowOnly(Set.of("name", "image", "task", "paths", "params", "privileged"));
            String name = entry.requiredString("name", "the job's name in the pipeline");
            if (!name.isEmpty() && !JOB_NAME.matcher(name).matches()) {
                entry.problem("name", "'" + name + "' is not a valid Concourse identifier: lower-case letters,"
                        + " digits, '-', '_' and '.', starting with a letter or digit");
            }
            if (!name.isEmpty() && seen.putIfAbsent(name, entry.path()) != null) {
                entry.problem("name", "'" + name + "' is already the name of " + seen.get(name));
            }
            String image = entry.requiredString("image", "the image the task runs in, one of images[].name");
            if (!image.isEmpty() && !imageNames.isEmpty() && !imageNames.contains(image)) {
                entry.problem("image", "unknown image '" + image + "' (images: " + String.join(", ", imageNames) + ")");
            }
            String task = entry.requiredString("task", "a task file in the repository, e.g. ci/tasks/test.yml");
            if (!task.isEmpty() && checkRelative(entry, "task", task)) {
                task = normalise(task);
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

    private static GenConfig.Tracker tracker(Fields root, Path repoRoot, int concourse) {
        GenConfig.TrackerSource defaultSource = concourse >= GenConfig.CONCOURSE_8 ? GenConfig.TrackerSource.GIT
                : GenConfig.TrackerSource.GIT_BRANCHES_RESOURCE;
        Optional<Fields> fields = root.object("tracker");
        if (fields.isEmpty()) {
            return new GenConfig.Tracker(defaultSource, Optional.empty(), List.of(), List.of(), Optional.empty(),
                    "24h", 4);
        }
        Fields tracker = fields.get();
        tracker.allowOnly(Set.of("source", "branch_regex", "branch_filters", "exclude", "reaper_config",
                "reap_interval", "max_in_flight"));
        GenConfig.TrackerSource source = defaultSource;
        Optional<String> sourceKey = tracker.string("source");
        if (sourceKey.isPresent()) {
            source = java.util.Arrays.stream(GenConfig.TrackerSource.values())
                    .filter(s -> s.key().equals(sourceKey.get())).findFirst().orElse(null);
            if (source == null) {
                tracker.problem("source", "must be git (the git resource's branches mode) or git-branches-resource,"
                        + " not '" + sourceKey.get() + "'");
                source = defaultSource;
            }
        }
        Optional<String> regex = tracker.string("branch_regex");
        regex.ifPresent(r -> {
            try {
                Pattern.compile(r);
            } catch (java.util.regex.PatternSyntaxException e) {
                tracker.problem("branch_regex", "'" + r + "' is not a valid regular expression: " + e.getDescription());
            }
        });
        List<String> branchFilters = tracker.strings("branch_filters", true);
        if (!branchFilters.isEmpty() && source != GenConfig.TrackerSource.GIT) {
            tracker.problem("branch_filters", "is the git resource's; git-branches-resource takes branch_regex");
        }
        if (!branchFilters.isEmpty() && regex.isPresent()) {
            tracker.problem("branch_filters", "give branch_filters or branch_regex, not both");
        }
        List<String> exclude = tracker.strings("exclude", true);
        for (int i = 0; i < exclude.size(); i++) {
            try {
                BranchGlobs.matcher(exclude.get(i));
            } catch (IllegalArgumentException e) {
                tracker.problem("exclude[" + i + "]", e.getMessage());
            }
        }
        Optional<String> reaperConfig = tracker.string("reaper_config");
        reaperConfig.ifPresent(f -> {
            if (checkRelative(tracker, "reaper_config", f) && !Files.isRegularFile(repoRoot.resolve(f))) {
                tracker.problem("reaper_config", "file '" + f + "' does not exist in " + repoRoot);
            }
        });
        String interval = tracker.string("reap_interval").orElse("24h");
        if (!DURATION.matcher(interval).matches()) {
            tracker.problem("reap_interval", "'" + interval + "' is not a duration such as 24h or 30m");
        }
        int maxInFlight = tracker.integer("max_in_flight").orElse(4);
        if (maxInFlight < 1) {
            tracker.problem("max_in_flight", "must be at least 1");
        }
        return new GenConfig.Tracker(source, regex, branchFilters, exclude, reaperConfig, interval, maxInFlight);
    }

    /** The generated resource and job names must not collide with each other. */
    private static void checkGeneratedNames(Fields root, List<GenConfig.Image> images, List<GenConfig.Job> jobs) {
        Map<String, String> resources = new LinkedHashMap<>();
        Set<String> imageNames = new java.util.HashSet<>();
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
                root.problem("jobs[" + i + "].name", "'" + job.name() + "' is the name of the job that builds "
                        + owner.replace(".name", "") + "; choose another name");
            }
        }
    }

    private static void claim(Fields root, Map<String, String> taken, String resource, String key) {
        String owner = taken.putIfAbsent(resource, key);
        if (owner != null && !owner.equals(key)) {
            root.problem(key, "would generate the resource '" + resource + "', which " + owner
                    + " already generates; rename one of them");
        }
    }

    private static boolean checkRelative(Fields fields, String key, String path) {
        if (path.startsWith("/") || Path.of(path).normalize().startsWith("..") || path.matches(".*\\s.*")) {
            fields.problem(key, "'" + path + "' must be a relative path inside the repository, without spaces");
            return false;
        }
        return true;
    }

    private static String trimSlashes(String path) {
        String result = normalise(path);
        return result.isEmpty() ? "." : result;
    }

    static String normalise(String path) {
        String result = Path.of(path).normalize().toString();
        while (result.endsWith("/")) {
            result = result.substring(0, result.length() - 1);
        }
        return result;
    }
}

package dev.dockertag.pipelinegen.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dockertag.registry.BranchNaming;
import dev.dockertag.registry.ImageReference;
import dev.dockertag.tool.config.ConfigException;
import dev.dockertag.tool.config.Fields;
import dev.dockertag.tool.config.Yaml;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads {@code pipeline-gen.yml} strictly: unknown keys, wrong types, missing directories and files, duplicate names
 * and literal secrets are all reported at once, each naming the file and the key.
 */
public final class ConfigLoader {

    public static final String DEFAULT_FILE = "pipeline-gen.yml";
    public static final String DEFAULT_MAIN_BRANCH = "main";
    public static final String DEFAULT_BUILD_TASK_IMAGE = "concourse/oci-build-task";
    public static final String DEFAULT_GUARD_IMAGE = "alpine/git";

    private static final Pattern PIPELINE_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");
    private static final Pattern VAR = Pattern.compile("\\(\\(\\s*[^()\\s]+\\s*\\)\\)");
    private static final Pattern DURATION = Pattern.compile("(?:[0-9]+(?:\\.[0-9]+)?(?:ns|us|µs|ms|s|m|h))+");

    private ConfigLoader() {}

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
        if (problems.isEmpty()) {
            ReapJob.unsetVariables(config, repoRoot)
                    .ifPresent(p -> problems.add(shown + ": tracker.reaper_config: " + p));
        }
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
        root.allowOnly(Set.of(
                "name",
                "git",
                "main_branch",
                "registry",
                "resource_type_image",
                "build_task_image",
                "guard_image",
                "images",
                "jobs",
                "webhooks",
                "tracker",
                "concourse",
                "check_every"));

        String name = root.requiredString("name", "pipelines are named <name>-<branch slug>");
        if (!name.isEmpty() && !PIPELINE_NAME.matcher(name).matches()) {
            root.problem(
                    "name",
                    "'" + name + "' must be lower-case letters, digits, '.', '-' or '_', starting with"
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
        String resourceTypeImage =
                root.requiredString("resource_type_image", "the repository of the resource-docker-tag image");
        checkImageReference(root, "resource_type_image", resourceTypeImage);
        String buildTaskImage = root.string("build_task_image").orElse(DEFAULT_BUILD_TASK_IMAGE);
        checkImageReference(root, "build_task_image", buildTaskImage);
        String guardImage = root.string("guard_image").orElse(DEFAULT_GUARD_IMAGE);
        checkImageReference(root, "guard_image", guardImage);

        List<GenConfig.Image> images = ImagesAndJobs.images(root, repoRoot);
        List<GenConfig.Job> jobs = ImagesAndJobs.jobs(root, repoRoot, images);
        int concourse = concourse(root);
        GenConfig.Webhooks webhooks = webhooks(root);
        GenConfig.Tracker tracker = tracker(root, repoRoot, concourse);
        GenConfig.CheckEvery checkEvery = checkEvery(root, concourse, webhooks);
        ImagesAndJobs.checkGeneratedNames(root, images, jobs);
        return new GenConfig(
                file,
                repoRoot,
                name,
                git,
                mainBranch,
                registry,
                resourceTypeImage,
                buildTaskImage,
                guardImage,
                images,
                jobs,
                webhooks,
                tracker,
                concourse,
                checkEvery);
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
     * Per resource kind: image resources need not check every minute (their versions come from the pipeline's own puts,
     * or from main's image while the branch has none), so Concourse 8 output checks them every 10m; git resources keep
     * Concourse's 1m, 24h behind per-branch webhooks, 1h when only the tracker has one. Concourse 7 output sets nothing
     * it did not set before.
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
            } else if (prefix.endsWith("/")
                    || prefix.contains("@")
                    || prefix.substring(prefix.lastIndexOf('/') + 1).contains(":")) {
                registry.problem(
                        "prefix", "'" + prefix + "' must be host[:port]/path without a trailing '/', tag or digest");
            } else {
                checkImageReference(registry, "prefix", prefix + "/x");
            }
        }
        Optional<String> username = registry.string("username");
        Optional<String> password = secret(registry, "password");
        if (username.isPresent() != password.isPresent()) {
            registry.problem(
                    username.isPresent() ? "password" : "username",
                    "username and password go together: give both or neither");
        }
        boolean insecure = registry.bool("insecure").orElse(false);
        List<String> caCerts = registry.strings("ca_certs", false);
        return new GenConfig.Registry(prefix, username, password, insecure, caCerts);
    }

    private static Optional<String> secret(Fields fields, String key) {
        Optional<String> value = fields.string(key);
        if (value.isPresent() && !isVar(value.get())) {
            fields.problem(
                    key,
                    "must be a ((var)) such as ((" + key.replace('_', '-') + ")), not a literal value:"
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

    private static GenConfig.Tracker tracker(Fields root, Path repoRoot, int concourse) {
        GenConfig.TrackerSource defaultSource = concourse >= GenConfig.CONCOURSE_8
                ? GenConfig.TrackerSource.GIT
                : GenConfig.TrackerSource.GIT_BRANCHES_RESOURCE;
        Optional<Fields> fields = root.object("tracker");
        if (fields.isEmpty()) {
            return new GenConfig.Tracker(
                    defaultSource, Optional.empty(), List.of(), List.of(), Optional.empty(), "24h", 4);
        }
        Fields tracker = fields.get();
        tracker.allowOnly(Set.of(
                "source",
                "branch_regex",
                "branch_filters",
                "exclude",
                "reaper_config",
                "reap_interval",
                "max_in_flight"));
        GenConfig.TrackerSource source = defaultSource;
        Optional<String> sourceKey = tracker.string("source");
        if (sourceKey.isPresent()) {
            source = Arrays.stream(GenConfig.TrackerSource.values())
                    .filter(s -> s.key().equals(sourceKey.get()))
                    .findFirst()
                    .orElse(null);
            if (source == null) {
                tracker.problem(
                        "source",
                        "must be git (the git resource's branches mode) or git-branches-resource," + " not '"
                                + sourceKey.get() + "'");
                source = defaultSource;
            }
        }
        Optional<String> regex = tracker.string("branch_regex");
        regex.ifPresent(r -> {
            try {
                Pattern.compile(r);
            } catch (PatternSyntaxException e) {
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
            if (RepositoryPaths.checkRelative(tracker, "reaper_config", f)
                    && !Files.isRegularFile(repoRoot.resolve(f))) {
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
}

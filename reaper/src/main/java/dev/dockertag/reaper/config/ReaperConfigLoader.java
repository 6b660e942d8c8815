package dev.dockertag.reaper.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dockertag.reaper.config.ReaperConfig.GarbageCollection;
import dev.dockertag.reaper.config.ReaperConfig.GcCommand;
import dev.dockertag.reaper.config.ReaperConfig.GitSource;
import dev.dockertag.reaper.config.ReaperConfig.HarborGc;
import dev.dockertag.reaper.config.ReaperConfig.Limits;
import dev.dockertag.reaper.config.ReaperConfig.Pipelines;
import dev.dockertag.reaper.config.ReaperConfig.RegistryAccess;
import dev.dockertag.reaper.plan.Policy;
import dev.dockertag.registry.BranchNaming;
import dev.dockertag.registry.ImageReference;
import dev.dockertag.tool.config.ConfigException;
import dev.dockertag.tool.config.Durations;
import dev.dockertag.tool.config.Fields;
import dev.dockertag.tool.config.Yaml;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads {@code reaper.yml} strictly: every problem is reported at once, each naming the file and the key. Values may
 * name environment variables ({@code ${REGISTRY_PASSWORD}}); passwords must.
 */
public final class ReaperConfigLoader {

    public static final String DEFAULT_FILE = "reaper.yml";
    public static final String DEFAULT_MAIN_BRANCH = "main";
    public static final int DEFAULT_MAX_DELETIONS = 500;
    public static final double DEFAULT_MAX_FRACTION = 0.5;

    private static final List<String> SECRET_KEYS =
            List.of("git.password", "registry.password", "registry.api_token", "gc.harbor.password");

    private ReaperConfigLoader() {}

    public static ReaperConfig load(Path configFile, Map<String, String> environment) {
        String shown = configFile.toString();
        JsonNode document = Yaml.read(configFile);
        List<String> problems = new ArrayList<>();
        Fields.root(shown, document, problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        refuseLiteralSecrets(shown, document, problems);
        EnvironmentValues.substitute(shown, document, "", environment, problems);
        ReaperConfig config = read(Fields.root(shown, document, problems), shown);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return config;
    }

    private static void refuseLiteralSecrets(String file, JsonNode document, List<String> problems) {
        for (String key : SECRET_KEYS) {
            JsonNode value = document;
            for (String part : key.split("\\.")) {
                value = value == null ? null : value.get(part);
            }
            if (value != null && value.isTextual() && !EnvironmentValues.isReference(value.asText())) {
                problems.add(file + ": " + key + ": write the secret in an environment variable and name it here"
                        + " (e.g. ${" + key.replace('.', '_').toUpperCase(Locale.ROOT)
                        + "}), never in the file");
            }
        }
    }

    private static ReaperConfig read(Fields root, String file) {
        root.allowOnly(Set.of(
                "git",
                "registry",
                "repositories",
                "main_branch",
                "protect",
                "commit_tags",
                "min_age",
                "limits",
                "gc",
                "pipelines"));
        GitSource git = git(root);
        RegistryAccess registry =
                root.object("registry").map(ReaperConfigLoader::registry).orElse(RegistryAccess.defaults());
        List<ImageReference> repositories = repositories(root);
        String mainBranch = root.string("main_branch").orElse(DEFAULT_MAIN_BRANCH);
        try {
            BranchNaming.slug(mainBranch);
        } catch (IllegalArgumentException e) {
            root.problem("main_branch", e.getMessage());
        }
        List<Pattern> protect = protect(root);
        Optional<Fields> commitTags = root.object("commit_tags");
        commitTags.ifPresent(f -> f.allowOnly(Set.of("delete_unreachable", "keep_per_branch")));
        boolean deleteUnreachable =
                commitTags.flatMap(f -> f.bool("delete_unreachable")).orElse(true);
        int keepPerBranch =
                commitTags.flatMap(f -> f.integer("keep_per_branch")).orElse(0);
        if (keepPerBranch < 0) {
            commitTags
                    .get()
                    .problem("keep_per_branch", "must be 0 (keep every commit tag) or more, not " + keepPerBranch);
            keepPerBranch = 0;
        }
        Duration minAge = Policy.DEFAULT_MIN_AGE;
        try {
            minAge = root.string("min_age").map(Durations::parse).orElse(Policy.DEFAULT_MIN_AGE);
        } catch (IllegalArgumentException e) {
            root.problem("min_age", e.getMessage());
        }
        Limits limits = limits(root);
        Optional<Fields> gcFields = root.object("gc");
        Optional<GarbageCollection> gc = gcFields.flatMap(ReaperConfigLoader::gc);
        Duration gcAfter = ReaperConfig.DEFAULT_GC_AFTER;
        try {
            gcAfter = gcFields.flatMap(f -> f.string("after"))
                    .map(Durations::parse)
                    .orElse(ReaperConfig.DEFAULT_GC_AFTER);
        } catch (IllegalArgumentException e) {
            gcFields.get().problem("after", e.getMessage());
        }
        Optional<Pipelines> pipelines = root.object("pipelines").map(f -> {
            f.allowOnly(Set.of("fly_target", "name"));
            return new Pipelines(
                    f.requiredString("fly_target", "the fly target to destroy pipelines on"),
                    f.requiredString("name", "the pipeline name, as pipeline-gen sets it"));
        });
        return new ReaperConfig(
                git,
                registry,
                repositories,
                new Policy(mainBranch, protect, deleteUnreachable, keepPerBranch, minAge, false),
                limits,
                gc,
                gcAfter,
                pipelines);
    }

    private static GitSource git(Fields root) {
        Optional<Fields> git = root.object("git");
        if (git.isEmpty()) {
            root.problem("git", "is required (git.uri: the repository whose branches are the live ones)");
            return new GitSource("", Optional.empty(), Optional.empty());
        }
        Fields f = git.get();
        f.allowOnly(Set.of("uri", "username", "password", "private_key"));
        String uri = f.requiredString("uri", "the repository whose branches are the live ones");
        if (f.has("private_key")) {
            f.problem(
                    "private_key",
                    "SSH remotes are not supported yet; use an https (or file) uri with"
                            + " git.username and git.password");
        }
        Optional<String> username = f.string("username");
        Optional<Secret> password = f.string("password").map(Secret::new).map(p -> p.forUser(username));
        if (password.isPresent() && username.isEmpty()) {
            f.problem("username", "is required when git.password is set");
        }
        return new GitSource(uri, username, password);
    }

    private static RegistryAccess registry(Fields f) {
        f.allowOnly(Set.of("username", "password", "insecure", "ca_certs", "api", "api_url", "api_token"));
        Optional<String> username = f.string("username");
        Optional<Secret> password = f.string("password").map(Secret::new).map(p -> p.forUser(username));
        if (username.isPresent() != password.isPresent()) {
            f.problem(
                    username.isPresent() ? "password" : "username",
                    "registry.username and registry.password go together (or neither, to use docker's config.json)");
        }
        Optional<ProviderApi> api = f.string("api").flatMap(name -> {
            Optional<ProviderApi> known = ProviderApi.named(name);
            if (known.isEmpty()) {
                f.problem(
                        "api",
                        "'" + name + "' is none of " + ProviderApi.names()
                                + " (leave it out to infer it from each repository's host)");
            }
            return known;
        });
        Optional<String> apiUrl = f.string("api_url").map(u -> u.replaceAll("/+$", ""));
        apiUrl.filter(u -> !u.startsWith("https://") && !u.startsWith("http://"))
                .ifPresent(u -> f.problem("api_url", "'" + u + "' is not an http(s) URL"));
        Optional<Secret> apiToken = f.string("api_token").map(Secret::new);
        return new RegistryAccess(
                username,
                password,
                f.bool("insecure").orElse(false),
                f.strings("ca_certs", false),
                api,
                apiUrl,
                apiToken);
    }

    private static List<ImageReference> repositories(Fields root) {
        if (!root.has("repositories") || root.isEmptyList("repositories")) {
            root.problem(
                    "repositories",
                    "is required: the image repositories to reap" + " (e.g. registry.example.com/acme/banana-base)");
            return List.of();
        }
        List<ImageReference> result = new ArrayList<>();
        List<String> names = root.strings("repositories", false);
        for (int i = 0; i < names.size(); i++) {
            try {
                ImageReference reference = ImageReference.parse(names.get(i));
                if (reference.tag().isPresent() || reference.digest().isPresent()) {
                    root.problem(
                            "repositories[" + i + "]",
                            "'" + names.get(i) + "' names a tag or digest; give the repository only");
                } else if (result.contains(reference)) {
                    root.problem("repositories[" + i + "]", "'" + names.get(i) + "' is listed twice");
                } else {
                    result.add(reference);
                }
            } catch (IllegalArgumentException e) {
                root.problem("repositories[" + i + "]", e.getMessage());
            }
        }
        return result;
    }

    private static List<Pattern> protect(Fields root) {
        List<Pattern> result = new ArrayList<>();
        List<String> regexes = root.strings("protect", true);
        for (int i = 0; i < regexes.size(); i++) {
            try {
                result.add(Pattern.compile(regexes.get(i)));
            } catch (PatternSyntaxException e) {
                root.problem("protect[" + i + "]", "not a valid regular expression: " + e.getDescription());
            }
        }
        return result;
    }

    private static Limits limits(Fields root) {
        Optional<Fields> limits = root.object("limits");
        limits.ifPresent(f -> f.allowOnly(Set.of("max_deletions", "max_fraction")));
        int maxDeletions = limits.flatMap(f -> f.integer("max_deletions")).orElse(DEFAULT_MAX_DELETIONS);
        double maxFraction = limits.flatMap(f -> f.number("max_fraction")).orElse(DEFAULT_MAX_FRACTION);
        if (maxDeletions < 1) {
            limits.get().problem("max_deletions", "must be 1 or more, not " + maxDeletions);
        }
        if (maxFraction <= 0 || maxFraction > 1) {
            limits.get().problem("max_fraction", "must be more than 0 and at most 1, not " + maxFraction);
        }
        return new Limits(maxDeletions, maxFraction);
    }

    private static Optional<GarbageCollection> gc(Fields f) {
        f.allowOnly(Set.of("command", "harbor", "after"));
        if (f.has("command") && f.has("harbor")) {
            f.problem("command", "give gc.command or gc.harbor, not both");
            return Optional.empty();
        }
        if (f.has("command")) {
            List<String> command = f.strings("command", false);
            if (command.isEmpty()) {
                f.problem("command", "must name the program to run, e.g. [ssh, registry-host, registry-gc]");
                return Optional.empty();
            }
            return Optional.of(new GcCommand(command));
        }
        return f.object("harbor").map(h -> {
            h.allowOnly(Set.of("url", "username", "password", "insecure"));
            String url = h.requiredString("url", "Harbor's base URL, e.g. https://harbor.example.com");
            Optional<String> username = h.string("username");
            Optional<Secret> password = h.string("password").map(Secret::new).map(p -> p.forUser(username));
            if (username.isPresent() != password.isPresent()) {
                h.problem(
                        username.isPresent() ? "password" : "username",
                        "gc.harbor.username and" + " gc.harbor.password go together");
            }
            return new HarborGc(
                    url.replaceAll("/+$", ""),
                    username,
                    password,
                    h.bool("insecure").orElse(false));
        });
    }
}

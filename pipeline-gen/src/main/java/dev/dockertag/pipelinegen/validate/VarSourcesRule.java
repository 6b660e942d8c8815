package dev.dockertag.pipelinegen.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code var_sources} section, as Concourse 8 checks it: names are identifiers, a type must be a credential manager
 * Concourse knows and one a pipeline may use, names are unique. Ports {@code validateVarSources} of concourse/concourse
 * {@code atc/configvalidate/validate.go} (v8.0), with the dependency order of var sources whose config uses another's
 * vars ({@code VarSourceConfigs.OrderByDependency} in {@code atc/config.go}) and the dummy manager's config checks; not
 * ported: the other managers' own config decoding and {@code manager.Validate()}.
 */
final class VarSourcesRule {

    static final String SECTION = "variable sources";

    /** {@code creds.ManagerFactories()}: the managers a Concourse web node is built with. */
    private static final Set<String> KNOWN =
            Set.of("vault", "dummy", "ssm", "secretsmanager", "kubernetes", "credhub", "conjur", "idtoken");
    /** Of those, the ones a pipeline's var_sources may use (the rest are web-node-wide only). */
    private static final Set<String> IN_PIPELINES = Set.of("vault", "dummy", "ssm", "idtoken");

    private VarSourcesRule() {}

    static List<Problem> check(JsonNode varSources) {
        List<Problem> problems = new ArrayList<>();
        if (varSources == null || varSources.isNull()) {
            return problems;
        }
        if (!varSources.isArray()) {
            problems.add(Problem.error(SECTION, "var_sources: must be a list"));
            return problems;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < varSources.size(); i++) {
            JsonNode source = varSources.get(i);
            String name = source.path("name").asText("");
            String type = source.path("type").asText("");
            String id = name.isEmpty() ? "var_sources[" + i + "]" : "var_sources." + name;
            Identifiers.check(SECTION, name, List.of(id)).ifPresent(problems::add);
            if (!KNOWN.contains(type)) {
                problems.add(Problem.error(SECTION, "unknown credential manager type: " + type));
                continue;
            }
            if (!IN_PIPELINES.contains(type)) {
                problems.add(Problem.error(
                        SECTION, "credential manager type " + type + " is not supported in pipeline yet"));
            }
            if (!names.add(name)) {
                problems.add(Problem.error(SECTION, "duplicate var_source name: " + name));
            }
            if (type.equals("dummy")) {
                dummyConfigProblem(source.get("config"))
                        .ifPresent(problem -> problems.add(Problem.error(
                                SECTION, "failed to create credential manager " + name + ": " + problem)));
            }
        }
        List<String> unresolved = unresolvedDependencies(varSources);
        if (!unresolved.isEmpty()) {
            problems.add(Problem.error(
                    SECTION,
                    "failed to order by dependency: could not resolve inter-dependent" + " var sources: "
                            + String.join(", ", unresolved)));
        }
        return problems;
    }

    /**
     * What the dummy manager's {@code NewInstance} (atc/creds/dummy) refuses: a config that is not a mapping, or one
     * whose {@code vars} is not a mapping. Named by the Go type the decoded value has.
     */
    static Optional<String> dummyConfigProblem(JsonNode config) {
        if (config == null || !config.isObject()) {
            return Optional.of("invalid dummy credential manager config: " + goType(config));
        }
        JsonNode vars = config.get("vars");
        if (vars == null || !vars.isObject()) {
            return Optional.of("invalid vars config: " + goType(vars));
        }
        return Optional.empty();
    }

    /** {@code %T} of what Go's JSON decoding makes of {@code node}. */
    private static String goType(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return "<nil>";
        }
        if (node.isTextual()) {
            return "string";
        }
        if (node.isNumber()) {
            return "float64";
        }
        if (node.isBoolean()) {
            return "bool";
        }
        return node.isArray() ? "[]interface {}" : "map[string]interface {}";
    }

    /** A var in a config: {@code ((source:path))} names the var source it comes from. */
    private static final Pattern VAR = Pattern.compile("\\(\\(\\s*([^()\\s]+?)\\s*\\)\\)");

    /**
     * The var sources that cannot be ordered so that each comes after those whose vars its config uses, as Concourse
     * orders them: in the given order, a source whose dependencies are all placed is placed, else it waits; each
     * placement lets the waiting ones in once more.
     */
    static List<String> unresolvedDependencies(JsonNode varSources) {
        Set<String> placed = new HashSet<>();
        List<Map.Entry<String, Set<String>>> waiting = new ArrayList<>();
        for (JsonNode source : varSources) {
            String name = source.path("name").asText("");
            Set<String> dependencies = new LinkedHashSet<>();
            collectSources(source.path("config"), dependencies);
            if (!placed.containsAll(dependencies)) {
                waiting.add(Map.entry(name, dependencies));
                continue;
            }
            placed.add(name);
            List<Map.Entry<String, Set<String>>> left = new ArrayList<>();
            for (Map.Entry<String, Set<String>> pending : waiting) {
                if (placed.containsAll(pending.getValue())) {
                    placed.add(pending.getKey());
                } else {
                    left.add(pending);
                }
            }
            waiting = left;
        }
        return waiting.stream().map(Map.Entry::getKey).toList();
    }

    private static void collectSources(JsonNode node, Set<String> into) {
        if (node.isTextual()) {
            Matcher m = VAR.matcher(node.asText());
            while (m.find()) {
                int colon = m.group(1).indexOf(':');
                if (colon > 0) {
                    into.add(m.group(1).substring(0, colon));
                }
            }
        } else if (node.isObject()) {
            node.properties().forEach(e -> {
                collectSources(new TextNode(e.getKey()), into);
                collectSources(e.getValue(), into);
            });
        } else if (node.isArray()) {
            node.forEach(child -> collectSources(child, into));
        }
    }
}

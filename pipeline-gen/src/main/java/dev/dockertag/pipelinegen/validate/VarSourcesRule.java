package dev.dockertag.pipelinegen.validate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code var_sources} section, as Concourse 8 checks it: names are identifiers, a type must be a
 * credential manager Concourse knows and one a pipeline may use, names are unique. Ports
 * {@code validateVarSources} of concourse/concourse {@code atc/configvalidate/validate.go} (v8.0);
 * not ported: each manager's own config validation ({@code manager.Validate()}) and the dependency
 * order of var sources that use each other's vars.
 */
final class VarSourcesRule {

    static final String SECTION = "variable sources";

    /** {@code creds.ManagerFactories()}: the managers a Concourse web node is built with. */
    private static final Set<String> KNOWN = Set.of("vault", "dummy", "ssm", "secretsmanager", "kubernetes",
            "credhub", "conjur", "idtoken");
    /** Of those, the ones a pipeline's var_sources may use (the rest are web-node-wide only). */
    private static final Set<String> IN_PIPELINES = Set.of("vault", "dummy", "ssm", "idtoken");

    private VarSourcesRule() {
    }

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
                problems.add(Problem.error(SECTION, "credential manager type " + type + " is not supported in pipeline yet"));
            }
            if (!names.add(name)) {
                problems.add(Problem.error(SECTION, "duplicate var_source name: " + name));
            }
        }
        return problems;
    }
}

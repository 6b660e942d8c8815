package dev.dockertag.pipelinegen.validate;

import static dev.dockertag.pipelinegen.validate.PipelineValidator.GROUPS;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code groups} section: known fields, identifiers, job globs that match, resources that exist, unique names,
 * every job in a group. Ports {@code validateGroups} of concourse/concourse atc/configvalidate/validate.go (8.x).
 */
final class GroupsRule {

    private static final Set<String> GROUP_KEYS = Set.of("name", "jobs", "resources");

    private GroupsRule() {}

    static void check(Findings f) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        Set<String> grouped = new HashSet<>();
        List<JsonNode> groups = f.array("groups");
        for (int i = 0; i < groups.size(); i++) {
            JsonNode group = groups.get(i);
            String name = Findings.text(group, "name");
            String id = name.isEmpty() ? "groups[" + i + "]" : "groups." + name;
            f.unknownFields(GROUPS, id, group, GROUP_KEYS);
            Identifiers.check(GROUPS, name, List.of(id)).ifPresent(f.problems::add);
            counts.merge(name, 1, Integer::sum);
            for (String glob : Findings.strings(group.path("jobs"))) {
                Optional<Pattern> pattern = Globs.compile(glob);
                if (pattern.isEmpty()) {
                    f.error(GROUPS, "invalid glob expression '" + glob + "' for group '" + name + "'");
                    continue;
                }
                List<String> matched = f.jobs.keySet().stream()
                        .filter(j -> pattern.get().matcher(j).matches())
                        .toList();
                if (matched.isEmpty()) {
                    f.error(GROUPS, "no jobs match '" + glob + "' for group '" + name + "'");
                }
                grouped.addAll(matched);
            }
            for (String resource : Findings.strings(group.path("resources"))) {
                if (!f.resources.contains(resource)) {
                    f.error(GROUPS, "group '" + name + "' has unknown resource '" + resource + "'");
                }
            }
        }
        counts.forEach((name, count) -> {
            if (count > 1) {
                f.error(GROUPS, "group '" + name + "' appears " + count + " times. Duplicate names are not allowed.");
            }
        });
        if (!groups.isEmpty()) {
            f.jobs.keySet().stream()
                    .filter(j -> !grouped.contains(j))
                    .forEach(j -> f.error(GROUPS, "job '" + j + "' belongs to no group"));
        }
    }
}

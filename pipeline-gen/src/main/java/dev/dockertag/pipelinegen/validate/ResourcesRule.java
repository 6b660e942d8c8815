package dev.dockertag.pipelinegen.validate;

import static dev.dockertag.pipelinegen.validate.PipelineValidator.RESOURCES;
import static dev.dockertag.pipelinegen.validate.PipelineValidator.RESOURCE_TYPES;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code resources}, {@code resource_types} and {@code prototypes} sections: known fields and their types,
 * identifiers, unique names, a type, intervals, every resource used, no prototype named as a resource type. Ports
 * {@code validateResources}, {@code validateResourcesUnused} and {@code validateResourceTypes} of concourse/concourse
 * atc/configvalidate/validate.go (8.x), and its prototype cases of validate_test.go; adds a warning of ours for a type
 * no one declares.
 */
final class ResourcesRule {

    /** Resource types every Concourse worker ships (the "base" types). */
    private static final Set<String> CORE_TYPES = Set.of(
            "bosh-io-release",
            "bosh-io-stemcell",
            "docker-image",
            "git",
            "github-release",
            "hg",
            "mock",
            "pool",
            "registry-image",
            "s3",
            "semver",
            "time",
            "tracker",
            "cf");

    private static final Set<String> RESOURCE_KEYS = Set.of(
            "name",
            "old_name",
            "public",
            "webhook_token",
            "type",
            "source",
            "check_every",
            "check_timeout",
            "tags",
            "version",
            "icon",
            "expose_build_created_by");
    private static final Set<String> RESOURCE_TYPE_KEYS =
            Set.of("name", "type", "source", "privileged", "check_every", "tags", "params", "defaults");

    private ResourcesRule() {}

    static void checkResources(Findings f) {
        Map<String, Integer> names = new HashMap<>();
        List<JsonNode> list = f.array("resources");
        Set<String> used = new HashSet<>();
        f.interactions.values().forEach(used::addAll);
        for (int i = 0; i < list.size(); i++) {
            JsonNode resource = list.get(i);
            String id = f.named(RESOURCES, "resources", i, resource, RESOURCE_KEYS, names);
            f.typed(RESOURCES, id, resource, "public", false);
            String type = Findings.text(resource, "type");
            if (!type.isEmpty() && !f.resourceTypes.contains(type) && !CORE_TYPES.contains(type)) {
                // not Concourse's rule: a worker may bring any type (its resource-types directory)
                f.warning(
                        RESOURCES,
                        id + ": resource type '" + type + "' is neither in resource_types nor a core"
                                + " type; Concourse will look for it on the workers");
            }
            f.checkInterval(RESOURCES, id, resource, "check_every", true);
            f.checkInterval(RESOURCES, id, resource, "check_timeout", false);
        }
        for (String name : f.resources) {
            if (!name.isEmpty() && !used.contains(name)) {
                f.error(RESOURCES, "resource '" + name + "' is not used");
            }
        }
    }

    static void checkResourceTypes(Findings f) {
        Map<String, Integer> typeNames = checkTypes(f, "resource_types");
        checkTypes(f, "prototypes");
        List<JsonNode> prototypes = f.array("prototypes");
        for (int i = 0; i < prototypes.size(); i++) {
            String name = Findings.text(prototypes.get(i), "name");
            Integer clash = typeNames.get(name);
            if (clash != null && !name.isEmpty()) {
                f.error(
                        RESOURCE_TYPES,
                        "resource_types[" + clash + "] and prototypes[" + i + "] have the same name ('" + name + "')");
            }
        }
    }

    /**
     * {@code resource_types} or {@code prototypes}: they share a field set and the same checks, and Concourse reports
     * both under resource types. A prototype may not share a name with a resource type (the checks of
     * {@code checkResourceTypes}): a step's {@code run} and a resource's {@code type} would not know which one is
     * meant. Returns the first index of each name.
     */
    private static Map<String, Integer> checkTypes(Findings f, String section) {
        Map<String, Integer> names = new HashMap<>();
        List<JsonNode> list = f.array(section);
        for (int i = 0; i < list.size(); i++) {
            JsonNode type = list.get(i);
            String id = f.named(RESOURCE_TYPES, section, i, type, RESOURCE_TYPE_KEYS, names);
            f.typed(RESOURCE_TYPES, id, type, "privileged", false);
            f.checkInterval(RESOURCE_TYPES, id, type, "check_every", true);
        }
        return names;
    }
}

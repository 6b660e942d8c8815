package dev.dockertag.resource;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dockertag.resource.RegistryImageDifferentialIT.Outcome;
import dev.dockertag.resource.RegistryImageDifferentialIT.Registries;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * docs/registry-image-compat.md, written from what {@link RegistryImageDifferentialIT} saw: one row per request, with
 * what each resource did and the verdict. Everything that changes from run to run (ports, digests, folders, the
 * password) is named instead of printed, so the same behaviour gives the same table.
 */
final class CompatTable {

    private CompatTable() {}

    static String render(Collection<String> rows) {
        long same = rows.stream().filter(r -> r.contains("| same")).count();
        long fixed = rows.stream().filter(r -> r.contains("| same (was a bug")).count();
        return """
                # registry-image-resource and docker-tag, request for request

                Written by `bin/registry-image-compat` from `RegistryImageDifferentialIT` (run by `bin/test`, so by
                `.ci/run`): registry-image-resource %s (its `check`, `in` and `out`, installed from the Go module
                proxy) and this resource's packaged scripts, each given the same request on stdin against the same
                local registries (Debian's `docker-registry`: plain HTTP, basic auth, and TLS with a CA of its own).
                The test fails when a case marked `same` differs, when one marked as differing by design no longer
                does, or when this file is not what the run produced.

                What is compared: exit status (zero or not; both failing agree, each tool words its own errors,
                and a failing run prints nothing on stdout); `check`'s versions and their order; `in`'s version,
                that each metadata field registry-image prints is printed here too, and that each file it writes is
                written here: `rootfs/` the same in content, mode and owner, the other files the same in content
                (JSON as JSON; `oci/index.json` by the manifests it lists, each tool adding its own annotations;
                `image.tar` by its tags, config and layers, each tool naming the config file its own way); more
                files are allowed (`labels.json`, `commit`, `branch`). `out`: the version, and in the registry
                afterwards every tag and the config digest of the image it names.

                In the request column `registry` is the plain-HTTP registry, `auth-registry` the one with a password
                and `tls-registry` the TLS one; `<rel:1.0.0>` is the digest of the fixture image `rel:1.0.0`.

                %d requests: %d the same (%d of them only after a fix here, named in the row), %d different
                by design (the reason is in the row).

                | case | script | request | registry-image | docker-tag | verdict |
                |---|---|---|---|---|---|
                """.formatted(RegistryImageDifferentialIT.PEER_VERSION, rows.size(), same, fixed, rows.size() - same)
                + String.join("\n", rows) + "\n";
    }

    static String row(
            DifferentialCases.Case c, Outcome theirs, Outcome ours, List<String> differences, Registries registries) {
        String verdict = c.why() == null
                ? (differences.isEmpty()
                        ? DifferentialCases.FIXED_IN.containsKey(c.id())
                                ? "same (was a bug here: fixed in " + DifferentialCases.FIXED_IN.get(c.id()) + ")"
                                : "same"
                        : "NOT THE SAME: " + String.join("; ", differences))
                : "differs by design: " + c.why() + " (" + String.join("; ", differences) + ")";
        return "| " + c.id() + " | `" + c.script() + "` | " + c.title() + ": `"
                + cell(normal(theirs.request(), registries).replace("-ri", "")) + "` | "
                + cell(result(c, theirs, registries, differences)) + " | "
                + cell(result(c, ours, registries, List.of()))
                + " | " + cell(verdict) + " |";
    }

    /**
     * What one resource did, in a line, with run-specific text named ({@link #normal}) before it is cut. Where the
     * difference is only the order, registry-image's versions are shown sorted: it answers in the registry's listing
     * order, which is not the same from one registry (or file system) to the next.
     */
    private static String result(
            DifferentialCases.Case c, Outcome outcome, Registries registries, List<String> differences) {
        if (outcome.exit() != 0) {
            String line = normal(outcome.errorLine(), registries);
            return "exit " + outcome.exit() + ": " + (line.length() > 200 ? line.substring(0, 200) + "…" : line);
        }
        JsonNode json = outcome.json();
        if (json == null) {
            return "exit 0, stdout not JSON";
        }
        return normal(
                switch (c.script()) {
                    case "check" -> {
                        List<String> versions = new ArrayList<>();
                        json.forEach(v -> versions.add(
                                v.path("tag").asText() + " " + v.path("digest").asText()));
                        if (differences.contains(Comparison.ANOTHER_ORDER)) {
                            versions.sort(null);
                            yield String.join(", ", versions) + " (sorted here: it answers in the registry's"
                                    + " listing order)";
                        }
                        yield versions.isEmpty() ? "no versions" : String.join(", ", versions);
                    }
                    case "in" -> json.path("version").path("tag").asText() + "; writes " + files(outcome);
                    default ->
                        json.path("version").path("tag").asText() + "; the registry then holds "
                                + String.join(", ", outcome.pushed().keySet());
                },
                registries);
    }

    /** The top-level names written, a folder with the number of entries under it. */
    private static String files(Outcome outcome) {
        TreeSet<String> top = new TreeSet<>();
        Map<String, Integer> counts = new TreeMap<>();
        for (String line : outcome.files()) {
            String path = line.substring(0, line.indexOf(' '));
            int slash = path.indexOf('/');
            if (slash < 0) {
                top.add(path + (line.contains(" dir ") ? "/" : ""));
            } else {
                counts.merge(path.substring(0, slash) + "/", 1, Integer::sum);
            }
        }
        List<String> names = new ArrayList<>();
        for (String name : top) {
            names.add(counts.containsKey(name) ? name + " (" + counts.get(name) + ")" : name);
        }
        return String.join(" ", names);
    }

    /** Run-specific text named instead: hosts, the closed port, digests, folders, the password, the CA. */
    static String normal(String text, Registries r) {
        String out = text.replace(r.plain().host(), "registry")
                .replace(r.auth().host(), "auth-registry")
                .replace(r.tls().host(), "tls-registry")
                .replace("127.0.0.1:" + r.closedPort(), "127.0.0.1:<closed>")
                .replace(r.auth().registry().password(), "<password>");
        for (Map.Entry<String, String> image : r.plain().digests().entrySet()) {
            out = out.replace(image.getValue(), "<" + image.getKey() + ">");
        }
        for (Map.Entry<String, String> image : r.auth().digests().entrySet()) {
            out = out.replace(image.getValue(), "<" + image.getKey() + ">");
        }
        out = out.replaceAll("-----BEGIN CERTIFICATE-----[^\"]*-----END CERTIFICATE-----(\\\\n)?", "<CA>")
                .replaceAll("sha256:[0-9a-f]{64}", "sha256:…")
                .replaceAll("/tmp/[^\\s\"':]*", "<dir>");
        return out;
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ").replace("`", "'");
    }
}

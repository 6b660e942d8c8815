package dev.dockertag.pipelinegen.init;

import static java.util.stream.Collectors.joining;

import java.util.List;

/** The text of a starting {@code pipeline-gen.yml}: what was found, and placeholders to fill in. */
public final class StartingConfig {

    private StartingConfig() {}

    public static String render(String name, String gitUri, String mainBranch, List<RepoScanner.Found> images) {
        StringBuilder out = new StringBuilder();
        out.append("# Written by `pipeline-gen init`. Fill in the change-me values, then run `pipeline-gen render`.\n");
        out.append("name: ").append(name).append('\n');
        out.append("git:\n");
        out.append("  uri: ").append(gitUri).append('\n');
        out.append("  # private_key: ((git-private-key))\n");
        out.append("main_branch: ").append(mainBranch).append('\n');
        out.append("registry:\n");
        out.append("  prefix: registry.example.com/change-me          # images live at <prefix>/<name>\n");
        out.append("  username: ((registry-username))\n");
        out.append("  password: ((registry-password))\n");
        out.append("resource_type_image: registry.example.com/change-me/resource-docker-tag\n");
        out.append("images:\n");
        if (images.isEmpty()) {
            out.append("  []  # no Dockerfile found; add {name, context} entries\n");
        }
        for (RepoScanner.Found image : images) {
            out.append("  - name: ")
                    .append(image.name())
                    .append("   # ")
                    .append(image.note())
                    .append('\n');
            out.append("    context: ").append(image.context()).append('\n');
            if (!image.dockerfile().equals("Dockerfile")) {
                out.append("    dockerfile: ").append(image.dockerfile()).append('\n');
            }
            if (!image.from().isEmpty()) {
                out.append("    from: [")
                        .append(image.from().stream().collect(joining(", ")))
                        .append("]\n");
            }
        }
        out.append("jobs: []\n");
        out.append("# jobs:\n");
        out.append("#   - name: test\n");
        out.append("#     image: ")
                .append(
                        images.isEmpty()
                                ? "<image>"
                                : images.get(images.size() - 1).name())
                .append('\n');
        out.append("#     task: ci/tasks/test.yml\n");
        out.append("#     paths: [src/]\n");
        return out.toString();
    }
}

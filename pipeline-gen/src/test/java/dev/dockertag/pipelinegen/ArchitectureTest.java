package dev.dockertag.pipelinegen;

import dev.dockertag.testsupport.PackageRules;
import org.junit.jupiter.api.Test;

/**
 * pipeline-gen's package rules (docs/architecture.md has them as a table): reading Dockerfiles, running fly and git,
 * and Concourse's validation stand alone; the config reads Dockerfiles; rendering uses the config and validation; the
 * commands use everything.
 */
class ArchitectureTest {

    @Test
    void theMainClassesKeepThePackageRules() {
        PackageRules.of("dev.dockertag.pipelinegen")
                .allow("dockerfile")
                .allow("fly")
                .allow("git")
                .allow("validate")
                .allow("config", "dockerfile")
                .allow("init", "config", "dockerfile")
                .allow("render", "config", "validate")
                .allow("cli", "config", "dockerfile", "fly", "git", "init", "render", "validate")
                .allow("", "cli")
                .check(PackageRules.mainClasses("dev.dockertag.pipelinegen"));
    }
}

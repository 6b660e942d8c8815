package dev.dockertag.reaper;

import dev.dockertag.testsupport.PackageRules;
import org.junit.jupiter.api.Test;

/**
 * The reaper's package rules (docs/architecture.md has them as a table): the plan's types at the bottom; the config,
 * the inventory, the report, the provider APIs that delete (over the config) and the apply over them; git, GC and
 * pipeline clean-up from the config; the survey (which makes a plan) over those; the commands on top.
 */
class ArchitectureTest {

    @Test
    void theMainClassesKeepThePackageRules() {
        PackageRules.of("dev.dockertag.reaper")
                .allow("plan")
                .allow("config", "plan")
                .allow("inventory", "plan")
                .allow("report", "plan")
                .allow("provider", "config", "plan")
                .allow("apply", "config", "plan", "provider")
                .allow("git", "config")
                .allow("gc", "config")
                .allow("pipelines", "config")
                .allow("survey", "config", "git", "inventory", "plan", "provider")
                .allow("cli", "apply", "config", "gc", "pipelines", "plan", "provider", "report", "survey")
                .allow("", "cli")
                .check(PackageRules.mainClasses("dev.dockertag.reaper"));
    }
}

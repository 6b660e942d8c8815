package dev.dockertag.resource;

import dev.dockertag.testsupport.PackageRules;
import org.junit.jupiter.api.Test;

/**
 * The resource's package rules (docs/architecture.md has them as a table): the protocol's types at the bottom, the
 * source's settings over them, what every script run has (its log, error report and lifetime) over those, the three
 * scripts' work side by side, and the commands on top.
 */
class ArchitectureTest {

    @Test
    void theMainClassesKeepThePackageRules() {
        PackageRules.of("dev.dockertag.resource")
                .allow("protocol")
                .allow("training")
                .allow("auth", "protocol")
                .allow("source", "protocol", "auth")
                .allow("script", "protocol", "source")
                .allow("check", "protocol", "source", "script")
                .allow("get", "protocol", "source", "script")
                .allow("put", "protocol", "source", "script")
                .allow("", "protocol", "auth", "source", "script", "check", "get", "put")
                .check(PackageRules.mainClasses("dev.dockertag.resource"));
    }
}

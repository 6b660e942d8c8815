package dev.dockertag.tool;

import dev.dockertag.testsupport.PackageRules;
import org.junit.jupiter.api.Test;

/** tool-support's three packages (config reading, the error handler, whole-file writes) stand alone. */
class ArchitectureTest {

    @Test
    void theMainClassesKeepThePackageRules() {
        PackageRules.of("dev.dockertag.tool")
                .allow("config")
                .allow("cli")
                .allow("io")
                .check(PackageRules.mainClasses("dev.dockertag.tool"));
    }
}

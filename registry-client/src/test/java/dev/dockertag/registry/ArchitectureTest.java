package dev.dockertag.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.dockertag.registry.image.LayeringViolation;
import dev.dockertag.testsupport.PackageRules;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * registry-client's package rules (docs/architecture.md has them as a table): the model at the bottom, then
 * credentials, then the HTTP plumbing nobody else may use, then the client's API, and image archives on top of the API.
 */
class ArchitectureTest {

    static final PackageRules RULES = PackageRules.of("dev.dockertag.registry")
            .allow("image")
            .allow("rootfs")
            .allow("auth", "image")
            .allow("internal.http", "auth", "image")
            .allow("", "internal.http", "auth", "image")
            .allow("archive", "", "image");

    @Test
    void theMainClassesKeepThePackageRules() {
        RULES.check(PackageRules.mainClasses("dev.dockertag.registry"));
    }

    @Test
    void aModelClassUsingTheClientBreaksTwoRules() {
        JavaClasses withViolation = PackageRules.mainClassesAnd("dev.dockertag.registry", LayeringViolation.class);

        String violations = RULES.rules().stream()
                .map(rule -> rule.evaluate(withViolation))
                .filter(EvaluationResult::hasViolation)
                .map(result -> result.getFailureReport().toString())
                .collect(Collectors.joining("\n"));

        assertThat(violations)
                .contains("the packages of dev.dockertag.registry use only what their row allows")
                .contains(
                        "Method <dev.dockertag.registry.image.LayeringViolation.host(dev.dockertag.registry.RegistryClient)>"
                                + " has parameter of type <dev.dockertag.registry.RegistryClient>")
                .contains("the packages of dev.dockertag.registry are free of cycles");
    }
}

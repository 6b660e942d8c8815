package dev.dockertag.testsupport;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A module's package rules, written as a table and checked with ArchUnit: for each package of the module, which of the
 * module's other packages it may use. Every main class must sit in a package of the table (a new package needs its
 * row), no two packages may use each other, directly or round a longer loop, and nothing outside registry-client uses
 * {@code dev.dockertag.registry.internal}.
 *
 * <pre>{@code
 * PackageRules rules = PackageRules.of("dev.dockertag.registry")
 *         .allow("image")                        // uses none of the others
 *         .allow("auth", "image")
 *         .allow("", "image", "auth");           // "" is the module's base package
 * rules.check(PackageRules.mainClasses("dev.dockertag.registry"));
 * }</pre>
 */
public final class PackageRules {

    /** What no module but registry-client may use. */
    public static final String REGISTRY_INTERNALS = "dev.dockertag.registry.internal..";

    private final String base;
    private final Map<String, List<String>> mayUse = new LinkedHashMap<>();

    private PackageRules(String base) {
        this.base = base;
    }

    /** The rules of the module whose classes all sit in {@code base} and its subpackages. */
    public static PackageRules of(String base) {
        return new PackageRules(base);
    }

    /** The main classes of {@code base}, as compiled (no test classes, nothing from a jar). */
    public static JavaClasses mainClasses(String base) {
        return mainClassesAnd(base);
    }

    /**
     * The main classes of {@code base} and the test classes {@code planted} (a deliberate violation, to show that the
     * rules catch it).
     */
    public static JavaClasses mainClassesAnd(String base, Class<?>... planted) {
        ImportOption mainOrPlanted = location -> new ImportOption.DoNotIncludeTests().includes(location)
                || Arrays.stream(planted)
                        .anyMatch(c -> location.contains(c.getName().replace('.', '/') + ".class"));
        return new ClassFileImporter()
                .withImportOption(mainOrPlanted)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(base);
    }

    /**
     * {@code pkg} (relative to the base; {@code ""} is the base itself, {@code "a"} is {@code base.a} and its
     * subpackages) may use {@code others} and nothing else of this module.
     */
    public PackageRules allow(String pkg, String... others) {
        mayUse.put(pkg, List.of(others));
        return this;
    }

    /** Every rule, each a separate ArchUnit rule so that a failure says which one broke. */
    public List<ArchRule> rules() {
        List<ArchRule> rules = new ArrayList<>();
        rules.add(classes()
                .should()
                .resideInAnyPackage(
                        mayUse.keySet().stream().map(this::packagePattern).toArray(String[]::new))
                .as("every class of " + base + " sits in a package of its table"));
        LayeredArchitecture layers =
                layeredArchitecture().consideringOnlyDependenciesInLayers().withOptionalLayers(true);
        for (String pkg : mayUse.keySet()) {
            layers = layers.layer(name(pkg)).definedBy(packagePattern(pkg));
        }
        for (Map.Entry<String, List<String>> row : mayUse.entrySet()) {
            List<String> allowed = row.getValue();
            layers = allowed.isEmpty()
                    ? layers.whereLayer(name(row.getKey())).mayNotAccessAnyLayer()
                    : layers.whereLayer(name(row.getKey()))
                            .mayOnlyAccessLayers(
                                    allowed.stream().map(this::name).toArray(String[]::new));
        }
        rules.add(layers.as("the packages of " + base + " use only what their row allows"));
        rules.add(slices().matching("dev.dockertag.(**)")
                .should()
                .beFreeOfCycles()
                .as("the packages of " + base + " are free of cycles"));
        if (!base.equals("dev.dockertag.registry")) {
            rules.add(noClasses()
                    .should()
                    .dependOnClassesThat()
                    .resideInAPackage(REGISTRY_INTERNALS)
                    .as(base + " does not use registry-client's internal packages"));
        }
        return rules;
    }

    /** Checks every rule against {@code classes}; the first that fails throws, listing each violation. */
    public void check(JavaClasses classes) {
        rules().forEach(rule -> rule.check(classes));
    }

    private String packagePattern(String pkg) {
        return pkg.isEmpty() ? base : base + "." + pkg + "..";
    }

    private String name(String pkg) {
        return pkg.isEmpty() ? base : base + "." + pkg;
    }
}

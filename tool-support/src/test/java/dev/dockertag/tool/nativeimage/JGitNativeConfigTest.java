package dev.dockertag.tool.nativeimage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dockertag.testsupport.NativeImageConfig;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.security.SecureRandom;
import java.util.List;
import java.util.Random;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.nls.TranslationBundle;
import org.junit.jupiter.api.Test;

/**
 * The JGit config under META-INF/native-image/dev.dockertag/tool-support, held against the JGit jar on the class path,
 * so a JGit upgrade that adds an enum, a message bundle or a static Random fails here instead of in a native
 * executable. What JGit does by reflection: it reads enum settings through {@code getClass().getMethod("values")}
 * ({@code Config.getEnum}), and fills its message bundles' public fields from {@code .properties} resource bundles.
 */
class JGitNativeConfigTest {

    private static final String DIR = "dev.dockertag/tool-support/";
    private static final List<Class<?>> JGIT = NativeImageConfig.classesInJarOf(Repository.class);

    @Test
    void everyEnumJGitCanReadFromConfigIsRegisteredWithItsPublicMethods() {
        Set<String> enums = new TreeSet<>();
        for (Class<?> type : JGIT) {
            // an enum constant with a body is its own class, and getClass() is what JGit reflects on
            if (type.isEnum()
                    || (type.getSuperclass() != null && type.getSuperclass().isEnum())) {
                enums.add(type.getName());
            }
        }

        assertThat(enums).contains("org.eclipse.jgit.lib.CoreConfig$AutoCRLF");
        assertThat(registered("allPublicMethods")).containsAll(enums);
    }

    @Test
    void everyMessageBundleIsRegisteredAndItsPropertiesIncluded() {
        Set<String> bundles = new TreeSet<>();
        for (Class<?> type : JGIT) {
            if (TranslationBundle.class.isAssignableFrom(type) && type != TranslationBundle.class) {
                bundles.add(type.getName());
            }
        }

        assertThat(bundles).contains("org.eclipse.jgit.internal.JGitText");
        assertThat(registered("allPublicFields", "allDeclaredConstructors")).containsAll(bundles);
        assertThat(NativeImageConfig.includedBundles(NativeImageConfig.onClassPath(DIR + "resource-config.json")))
                .containsExactlyInAnyOrderElementsOf(bundles);
        bundles.forEach(
                name -> assertThat(ResourceBundle.getBundle(name).keySet()).isNotEmpty());
    }

    @Test
    void everyClassHoldingAStaticRandomIsInitialisedAtRunTime() {
        Set<String> holders = new TreeSet<>();
        for (Class<?> type : JGIT) {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())
                        && (Random.class.isAssignableFrom(field.getType())
                                || SecureRandom.class.isAssignableFrom(field.getType()))) {
                    holders.add(type.getName());
                }
            }
        }

        assertThat(holders).contains("org.eclipse.jgit.util.FileUtils");
        assertThat(NativeImageConfig.initializedAtRunTime(
                        NativeImageConfig.onClassPath(DIR + "native-image.properties")))
                .containsExactlyInAnyOrderElementsOf(holders);
    }

    @Test
    void everyRegisteredNameIsAClassThatExists() {
        for (String name :
                NativeImageConfig.registeredNames(NativeImageConfig.onClassPath(DIR + "reflect-config.json"))) {
            assertThat(NativeImageConfig.load(name).getName()).isEqualTo(name);
        }
    }

    /** The names registered with every one of {@code flags} set. */
    private static Set<String> registered(String... flags) {
        return NativeImageConfig.registeredNames(NativeImageConfig.onClassPath(DIR + "reflect-config.json"), flags);
    }
}

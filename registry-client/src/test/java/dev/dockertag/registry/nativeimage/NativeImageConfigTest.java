package dev.dockertag.registry.nativeimage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dockertag.registry.image.Descriptor;
import dev.dockertag.registry.image.ImageConfig;
import dev.dockertag.registry.image.ImageManifest;
import dev.dockertag.testsupport.NativeImageConfig;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * registry-client is a plain library, so it declares what a native image needs in GraalVM's own format
 * (META-INF/native-image/dev.dockertag/registry-client/reflect-config.json), which native-image reads from the jar in
 * every tool that uses it. Jackson binds the image records by reflection; a record missing there would parse on the JVM
 * and fail only in the native executable.
 */
class NativeImageConfigTest {

    private static final Path REFLECT_CONFIG =
            NativeImageConfig.onClassPath("dev.dockertag/registry-client/reflect-config.json");

    @Test
    void everyRecordJacksonBindsIsRegisteredWithItsConstructorsMethodsAndFields() {
        Set<String> bound = NativeImageConfig.namesOf(NativeImageConfig.jacksonBoundTypes(Path.of("target/classes")));

        assertThat(bound)
                .as("the scan finds the wire records and what they hold")
                .contains(
                        ImageManifest.class.getName(), Descriptor.class.getName(), ImageConfig.Runtime.class.getName());
        assertThat(NativeImageConfig.registeredNames(
                        REFLECT_CONFIG, "allDeclaredConstructors", "allDeclaredMethods", "allDeclaredFields"))
                .as("reflect-config.json must register every Jackson-bound record")
                .containsAll(bound);
    }

    @Test
    void everyRegisteredNameIsAClassThatExists() {
        for (String name : NativeImageConfig.registeredNames(REFLECT_CONFIG)) {
            assertThat(NativeImageConfig.load(name).getName()).isEqualTo(name);
        }
    }
}

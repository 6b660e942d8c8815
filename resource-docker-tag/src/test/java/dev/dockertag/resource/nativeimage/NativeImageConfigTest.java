package dev.dockertag.resource.nativeimage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dockertag.resource.ResourceCommands;
import dev.dockertag.resource.protocol.InRequest;
import dev.dockertag.resource.protocol.Source;
import dev.dockertag.testsupport.NativeImageConfig;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What the native executable needs by reflection, held against what is declared: the records
 * Jackson binds carry {@code @RegisterForReflection} (Quarkus registers them at build time), and
 * picocli-codegen's generated config lists every command class. Either gap parses and runs on the
 * JVM and fails only in the native binary, so it is caught here.
 */
class NativeImageConfigTest {

    private static final Path CLASSES = Path.of("target/classes");

    @Test
    void everyRecordJacksonBindsIsRegisteredForReflection() {
        Set<Class<?>> bound = NativeImageConfig.jacksonBoundTypes(CLASSES);

        assertThat(bound).as("the scan finds the payloads and what they hold")
                .contains(InRequest.class, InRequest.Params.class, Source.PlatformSpec.class);
        assertThat(NativeImageConfig.notRegisteredForReflection(bound)).isEmpty();
    }

    @Test
    void picocliCodegenListsEveryCommand() {
        Set<String> commands = NativeImageConfig.namesOf(NativeImageConfig.picocliTypes(CLASSES));

        assertThat(commands).contains(ResourceCommands.class.getName(), ResourceCommands.class.getName() + "$Check");
        assertThat(NativeImageConfig.registeredNames(
                NativeImageConfig.onClassPath("picocli-generated/dev.dockertag/resource-docker-tag/reflect-config.json")))
                .containsAll(commands);
    }
}

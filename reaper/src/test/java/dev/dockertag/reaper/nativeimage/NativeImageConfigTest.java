package dev.dockertag.reaper.nativeimage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dockertag.reaper.ReaperCommand;
import dev.dockertag.testsupport.NativeImageConfig;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What the native executable needs by reflection, held against what is declared: picocli-codegen's generated config
 * lists every command class, and any record Jackson binds carries {@code @RegisterForReflection}. Either gap runs on
 * the JVM and fails only in the native binary.
 */
class NativeImageConfigTest {

    private static final Path CLASSES = Path.of("target/classes");

    @Test
    void picocliCodegenListsEveryCommand() {
        Set<String> commands = NativeImageConfig.namesOf(NativeImageConfig.picocliTypes(CLASSES));

        assertThat(commands).contains(ReaperCommand.class.getName());
        assertThat(NativeImageConfig.registeredNames(
                        NativeImageConfig.onClassPath("picocli-generated/dev.dockertag/reaper/reflect-config.json")))
                .containsAll(commands);
    }

    /**
     * reaper reads its YAML, journals and Harbor's answers as trees, so nothing is bound today; a record added later
     * must be registered.
     */
    @Test
    void everyRecordJacksonBindsIsRegisteredForReflection() {
        assertThat(NativeImageConfig.notRegisteredForReflection(NativeImageConfig.jacksonBoundTypes(CLASSES)))
                .isEmpty();
    }
}

package dev.dockertag.resource.nativeimage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dockertag.resource.protocol.CheckRequest;
import dev.dockertag.resource.protocol.InRequest;
import dev.dockertag.resource.protocol.MetadataField;
import dev.dockertag.resource.protocol.OutRequest;
import dev.dockertag.resource.protocol.Source;
import dev.dockertag.resource.protocol.Version;
import dev.dockertag.resource.protocol.VersionResponse;
import dev.dockertag.testsupport.NativeImageConfig;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What the native executable needs by reflection, held against what is declared: the records the resource binds by
 * reflection ({@code Payloads} reads their components and calls their canonical constructors; the check cache is bound
 * by Jackson) carry {@code @RegisterForReflection}, which Quarkus registers at build time. A gap parses and runs on the
 * JVM and fails only in the native binary, so it is caught here. (The resource reads its arguments by hand: no command
 * classes.)
 */
class NativeImageConfigTest {

    private static final Path CLASSES = Path.of("target/classes");

    @Test
    void everyPayloadRecordIsRegisteredForReflection() {
        Set<Class<?>> bound = NativeImageConfig.recordsReachableFrom(
                CheckRequest.class, InRequest.class, OutRequest.class, Version.class, VersionResponse.class);

        assertThat(bound)
                .as("what the requests and responses hold")
                .contains(Source.class, Source.PlatformSpec.class, InRequest.Params.class, MetadataField.class);
        assertThat(NativeImageConfig.notRegisteredForReflection(bound)).isEmpty();
    }

    @Test
    void everyRecordJacksonBindsIsRegisteredForReflection() {
        Set<Class<?>> bound = NativeImageConfig.jacksonBoundTypes(CLASSES);

        assertThat(bound).as("the scan finds the check cache's entries").isNotEmpty();
        assertThat(NativeImageConfig.notRegisteredForReflection(bound)).isEmpty();
    }
}

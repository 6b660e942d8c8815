package dev.dockertag.resource;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResourceMainTest {

    @Test
    void theNativeBinaryStartedThroughTheCheckSymlinkRunsCheck() {
        assertThat(ResourceMain.withScriptName(new String[0], "/opt/resource/check"))
                .containsExactly("check");
        assertThat(ResourceMain.withScriptName(new String[] {"/tmp/build/get"}, "/opt/resource/in"))
                .containsExactly("in", "/tmp/build/get");
    }

    @Test
    void anExplicitScriptArgumentOrAnotherProgramNameChangesNothing() {
        assertThat(ResourceMain.withScriptName(new String[] {"out", "/tmp/build/put"}, "/opt/resource/out"))
                .containsExactly("out", "/tmp/build/put");
        assertThat(ResourceMain.withScriptName(new String[] {"--help"}, "/usr/bin/java"))
                .containsExactly("--help");
    }
}

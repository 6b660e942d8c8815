package dev.dockertag.pipelinegen.fly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PipelineCommandsTest {

    @Test
    void instanceVarValuesThatYamlWouldReadAsSomethingElseAreQuoted() {
        assertThat(PipelineCommands.yamlString("feat/x")).isEqualTo("feat/x");
        assertThat(PipelineCommands.yamlString("123")).isEqualTo("\"123\"");
        assertThat(PipelineCommands.yamlString("true")).isEqualTo("\"true\"");
        assertThat(PipelineCommands.yamlString("fix: colon")).isEqualTo("\"fix: colon\"");
    }

    @Test
    void anExplicitFlyThatIsNotThereIsAnErrorWithAHint() {
        assertThatThrownBy(() -> Fly.locate(Optional.of("/no/such/fly"), Map.of("PATH", "/usr/bin")))
                .isInstanceOf(FlyException.class)
                .hasMessage("fly not found at /no/such/fly (or not executable)")
                .extracting(e -> ((FlyException) e).hint().orElseThrow())
                .isEqualTo("pass --fly with the path of the fly executable");
    }

    @Test
    void shellLineQuotesOnlyWhatNeedsIt() {
        assertThat(Fly.shellLine(List.of("fly", "-p", "banana/branch:\"feat/x\"", "-v", "branch=it's")))
                .isEqualTo("fly -p 'banana/branch:\"feat/x\"' -v 'branch=it'\\''s'");
    }
}

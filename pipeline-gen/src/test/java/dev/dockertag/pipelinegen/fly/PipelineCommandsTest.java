package dev.dockertag.pipelinegen.fly;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
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
    void shellLineQuotesOnlyWhatNeedsIt() {
        assertThat(Fly.shellLine(List.of("fly", "-p", "banana/branch:\"feat/x\"", "-v", "branch=it's")))
                .isEqualTo("fly -p 'banana/branch:\"feat/x\"' -v 'branch=it'\\''s'");
    }
}

package dev.dockertag.pipelinegen.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dockertag.tool.config.Yaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every pipeline of the shared corpus ({@code shared/corpus/concourse-pipelines}: 316 real pipelines with what
 * Concourse itself decided) held to Concourse's verdict: an {@code accept} file gets no error, an
 * {@code accept-with-vars} file gets none once its typed vars are filled in (its copy under {@code with-vars/}, as
 * {@code fly set-pipeline -v} would), a {@code reject} file gets at least one.
 */
class ConcourseCorpusTest {

    /** shared/ lies beside the checkout; the tests run in the module's folder. */
    static final Path CORPUS = Path.of("..", "..", "shared", "corpus", "concourse-pipelines");

    static Stream<Arguments> verdicts() throws IOException {
        Path verdicts = CORPUS.resolve("verdicts.tsv");
        assertThat(verdicts).as("the shared corpus beside the checkout").exists();
        List<String> rows = Files.readAllLines(verdicts);
        assertThat(rows).as("316 pipelines and a header").hasSize(317);
        return rows.stream()
                .skip(1)
                .map(row -> row.split("\t", -1))
                .map(cells -> Arguments.of(cells[0], cells[1], cells.length > 2 ? cells[2] : ""));
    }

    @ParameterizedTest(name = "{1} {0}")
    @MethodSource("verdicts")
    void agreesWithConcourse(String file, String verdict, String concourseMessage) {
        Path path = verdict.equals("accept-with-vars")
                ? CORPUS.resolve("with-vars")
                        .resolve(Path.of(file).subpath(1, Path.of(file).getNameCount()))
                : CORPUS.resolve(file);
        List<String> errors;
        try {
            errors = PipelineValidator.validate(Yaml.read(path)).stream()
                    .filter(Problem::isError)
                    .map(Problem::toString)
                    .toList();
        } catch (Yaml.YamlException e) {
            errors = List.of(e.getMessage());
        }
        if (verdict.equals("reject")) {
            assertThat(errors).as("Concourse refuses it: " + concourseMessage).isNotEmpty();
        } else {
            assertThat(errors).as("Concourse accepts it (" + verdict + ")").isEmpty();
        }
    }
}

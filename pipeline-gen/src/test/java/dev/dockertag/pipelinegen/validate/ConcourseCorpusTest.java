package dev.dockertag.pipelinegen.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dockertag.tool.config.Yaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every pipeline of the shared corpus ({@code shared/corpus/concourse-pipelines}: 316 real pipelines with what
 * Concourse itself decided) held to Concourse's verdict: an {@code accept} file gets no error, an
 * {@code accept-with-vars} file gets none once its typed vars are filled in (its copy under {@code with-vars/}, as
 * {@code fly set-pipeline -v} would), a {@code reject} file gets each error Concourse gave, in Concourse's words and at
 * its place (ours may find more).
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

    /** The column holds the first 200 characters of Concourse's error. */
    static final int MESSAGE_CUT = 200;

    /** A YAML error of Go's, "line 7: mapping key ...": ours says it as "file:7: not valid YAML: mapping key ...". */
    static final Pattern YAML_LINE = Pattern.compile("line (\\d+): (.*)");

    /**
     * The separate errors in Concourse's message, without its headings ("invalid jobs:", "error unmarshaling JSON:
     * while decoding JSON:", "yaml: unmarshal errors:"), which it separates by runs of spaces; the last one is left out
     * when the column cut it short.
     */
    static List<String> concourseErrors(String message) {
        List<String> items = new ArrayList<>(Arrays.stream(message.split(" {2,}"))
                .map(String::strip)
                .filter(item -> !item.isEmpty())
                .map(item -> item.replaceFirst(
                        "^(invalid \\w+:|error unmarshaling JSON: while decoding JSON:|error"
                                + " parsing yaml before applying templates: yaml: unmarshal errors:)\\s*",
                        ""))
                .filter(item -> !item.isEmpty())
                .toList());
        if (message.length() >= MESSAGE_CUT && !items.isEmpty()) {
            items.removeLast();
        }
        return items;
    }

    /** Whether our error {@code ours} says what Concourse's {@code theirs} says, at the same place. */
    static boolean says(String ours, String theirs) {
        Matcher yaml = YAML_LINE.matcher(theirs);
        if (yaml.matches()) {
            return ours.contains(":" + yaml.group(1) + ": not valid YAML: " + yaml.group(2));
        }
        return ours.contains(theirs);
    }

    @Test
    void concoursesMessageSplitsIntoItsErrors() {
        assertThat(concourseErrors("invalid jobs:  jobs.a.plan.do[0].get(x): unknown resource 'x'  jobs.a.plan.do[1]"
                        + ".get(y): unknown resource 'y' "))
                .containsExactly(
                        "jobs.a.plan.do[0].get(x): unknown resource 'x'",
                        "jobs.a.plan.do[1].get(y): unknown resource 'y'");
        assertThat(concourseErrors("error unmarshaling JSON: while decoding JSON: no step configured"))
                .containsExactly("no step configured");
        assertThat(says(
                        "f.yml:7: not valid YAML: mapping key \"resources\" already defined at line 2",
                        "line 7: mapping key \"resources\" already defined at line 2"))
                .isTrue();
        assertThat(says("f.yml:7: not valid YAML: found duplicate key", "line 7: mapping key \"resources\" already"))
                .isFalse();
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
            List<String> ours = errors;
            assertThat(concourseErrors(concourseMessage))
                    .as("Concourse's errors, each found in ours: " + ours)
                    .isNotEmpty()
                    .allSatisfy(theirs -> assertThat(ours).anyMatch(e -> says(e, theirs)));
        } else {
            assertThat(errors).as("Concourse accepts it (" + verdict + ")").isEmpty();
        }
    }
}

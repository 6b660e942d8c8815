package dev.dockertag.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What the formatter cannot fix: a class named inline by its full name ({@code java.util.concurrent.TimeUnit.SECONDS})
 * instead of imported. Spotless keeps the layout; this keeps the names. Checked over every module's sources, main and
 * test.
 */
class SourceStyleTest {

    /** A package-qualified class name in code: a known root, lowercase segments, then a capitalised name. */
    private static final Pattern QUALIFIED = Pattern.compile(
            "(?<![\\w.@\"/{])(?:java|javax|org|com|dev|okhttp3|io)\\.(?:[a-z][a-z0-9_]*\\.)+([A-Z]\\w*)");

    /**
     * The names that must stay qualified because the file's own class has the same simple name (our {@code Yaml} wraps
     * SnakeYAML's).
     */
    private static final Set<String> CLASHES = Set.of("org.yaml.snakeyaml.Yaml");

    private static final Pattern UNESCAPED_QUOTE = Pattern.compile("(?<!\\\\)\"");

    @Test
    void noSourceFileNamesAClassInlineByItsFullName() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> f.toString().contains("/src/"))
                    .filter(f -> !f.toString().contains("/target/"))
                    .forEach(f -> inlineNames(read(f)).forEach(n -> found.add(root.relativize(f) + ": " + n)));
        }
        assertThat(found).as("import these instead").isEmpty();
    }

    @Test
    void theCheckFindsANameInCodeButNotInImportsCommentsOrStrings() {
        String source = String.join(
                "\n",
                "package a.b;",
                "import java.time.Duration;",
                "/** Uses {@link java.util.List}. */",
                "class C {",
                "    // java.util.Map.of() in a comment",
                "    String s = \"see java.util.Optional here\";",
                "    Object o = java.util.concurrent.TimeUnit.SECONDS;",
                "    Object y = new org.yaml.snakeyaml.Yaml();",
                "}");

        assertThat(inlineNames(source)).containsExactly("java.util.concurrent.TimeUnit (line 7)");
    }

    static List<String> inlineNames(String source) {
        List<String> names = new ArrayList<>();
        String[] lines = source.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String trimmed = lines[i].strip();
            if (trimmed.startsWith("import ")
                    || trimmed.startsWith("package ")
                    || trimmed.startsWith("*")
                    || trimmed.startsWith("//")
                    || trimmed.startsWith("/*")) {
                continue;
            }
            Matcher m = QUALIFIED.matcher(lines[i]);
            while (m.find()) {
                boolean inString = UNESCAPED_QUOTE
                                        .matcher(lines[i].substring(0, m.start()))
                                        .results()
                                        .count()
                                % 2
                        == 1;
                if (!inString && !CLASHES.contains(m.group())) {
                    names.add(m.group() + " (line " + (i + 1) + ")");
                }
            }
        }
        return names;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

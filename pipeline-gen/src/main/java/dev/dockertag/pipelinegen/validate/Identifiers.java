package dev.dockertag.pipelinegen.validate;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Concourse's identifier rule for names of jobs, resources, groups, steps...: an empty name is an error; one made only
 * of digits, or with a character outside lower-case letters, digits, {@code -_.}, is a warning. Under {@code across}, a
 * {@code task} or {@code set_pipeline} name is not checked (it may be interpolated).
 */
final class Identifiers {

    private static final String LETTER = "\\p{Ll}\\p{Lt}\\p{Lm}\\p{Lo}";
    private static final Pattern VALID = Pattern.compile("[" + LETTER + "0-9][" + LETTER + "0-9\\-_.]*");
    private static final Pattern JUST_NUMBERS = Pattern.compile("[0-9]+");
    private static final Pattern BAD_START = Pattern.compile("^[^" + LETTER + "0-9]");
    private static final Pattern BAD_CHAR = Pattern.compile("[^" + LETTER + "0-9\\-_.]");

    private Identifiers() {}

    /** Empty when fine; otherwise the problem, already annotated with the context. */
    static Optional<Problem> check(String section, String identifier, List<String> context) {
        String where = String.join("", context);
        if (identifier.isEmpty()) {
            return Optional.of(Problem.error(section, where + ": identifier cannot be an empty string"));
        }
        int n = context.size();
        if (n >= 2
                && (context.get(n - 1).contains("set_pipeline")
                        || context.get(n - 1).contains("task"))
                && context.get(n - 2).equals(".across")) {
            return Optional.empty();
        }
        if (JUST_NUMBERS.matcher(identifier).matches()) {
            return Optional.of(Problem.warning(
                    section, where + ": '" + identifier + "' is not a valid identifier: cannot be just numbers"));
        }
        if (!VALID.matcher(identifier).matches()) {
            String reason;
            if (BAD_START.matcher(identifier).find()) {
                reason = "must start with a lowercase letter or a number";
            } else {
                Matcher bad = BAD_CHAR.matcher(identifier);
                bad.find(identifier.offsetByCodePoints(0, 1));
                reason = "illegal character '" + bad.group() + "'";
            }
            return Optional.of(
                    Problem.warning(section, where + ": '" + identifier + "' is not a valid identifier: " + reason));
        }
        return Optional.empty();
    }
}

package dev.dockertag.reaper.cli;

import java.io.Console;
import java.lang.reflect.Method;
import java.util.Optional;

/** Asks on the terminal; there is no terminal in a Concourse task, so there {@code --yes} is required. */
final class Confirmation {

    private Confirmation() {}

    /** The terminal to ask on, if stdin and stdout are one. */
    static Optional<Console> terminal() {
        Console console = System.console();
        if (console == null) {
            return Optional.empty();
        }
        try { // JDK 22+: System.console() exists even when redirected; isTerminal() tells
            Method isTerminal = Console.class.getMethod("isTerminal");
            return Boolean.TRUE.equals(isTerminal.invoke(console)) ? Optional.of(console) : Optional.empty();
        } catch (ReflectiveOperationException olderJdk) {
            return Optional.of(console);
        }
    }

    static boolean ask(Console console, String question) {
        String answer = console.readLine("%s [type yes to go on] ", question);
        return answer != null && answer.strip().equals("yes");
    }
}

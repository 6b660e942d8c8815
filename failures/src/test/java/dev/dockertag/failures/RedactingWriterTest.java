package dev.dockertag.failures;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class RedactingWriterTest {

    @Test
    void aSecretWrittenInPiecesIsMaskedOnceItsLineIsWhole() {
        Redactor redactor = new Redactor();
        redactor.addBasic("robot", "hunter2-and-more");
        StringWriter sink = new StringWriter();
        PrintWriter out = new PrintWriter(new RedactingWriter(sink, redactor), true);

        out.print("error: 403: robot:hunt");
        out.print("er2-and-");
        out.println("more was refused");
        out.print("no newline, hunter2-and-more");
        out.flush();

        assertThat(sink).hasToString("error: 403: ****" + " was refused" + System.lineSeparator() + "no newline, ****");
    }
}

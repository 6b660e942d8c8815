package dev.dockertag.failures;

import java.io.IOException;
import java.io.Writer;

/**
 * A writer that passes text on a line at a time through a {@link Redactor}: a command-line tool's stdout and stderr,
 * whatever prints to them (its own lines, a failure's message a registry echoed into, a stack trace). A line is
 * redacted whole before it is written, so a secret is never written half by one call and half by the next; what is left
 * when the writer is flushed goes out as it is, redacted.
 */
public final class RedactingWriter extends Writer {

    private final Writer out;
    private final Redactor redactor;
    private final StringBuilder line = new StringBuilder();

    public RedactingWriter(Writer out, Redactor redactor) {
        this.out = out;
        this.redactor = redactor;
    }

    @Override
    public synchronized void write(char[] chars, int offset, int length) throws IOException {
        for (int i = offset; i < offset + length; i++) {
            line.append(chars[i]);
            if (chars[i] == '\n') {
                emit();
            }
        }
    }

    private void emit() throws IOException {
        out.write(redactor.redact(line.toString()));
        line.setLength(0);
    }

    @Override
    public synchronized void flush() throws IOException {
        if (!line.isEmpty()) {
            emit();
        }
        out.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        flush();
        out.close();
    }
}

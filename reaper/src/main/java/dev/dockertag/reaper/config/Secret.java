package dev.dockertag.reaper.config;

/** A password or token: its text never appears in {@code toString}, so it cannot reach a log by accident. */
public record Secret(String value) {

    @Override
    public String toString() {
        return "<redacted>";
    }
}

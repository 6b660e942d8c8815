package dev.dockertag.pipelinegen.validate;

/** One finding of {@link PipelineValidator}: an error stops a pipeline from being set, a warning does not. */
public record Problem(Severity severity, String section, String message) {

    public enum Severity {
        ERROR,
        WARNING
    }

    public static Problem error(String section, String message) {
        return new Problem(Severity.ERROR, section, message);
    }

    public static Problem warning(String section, String message) {
        return new Problem(Severity.WARNING, section, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    @Override
    public String toString() {
        return (isError() ? "error: " : "warning: ") + message;
    }
}

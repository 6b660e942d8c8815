package dev.dockertag.registry;

/**
 * Told of every HTTP exchange on the wire (token requests and redirect hops included), for debug logs and request
 * counts in benchmarks. Never given headers, so it cannot leak credentials.
 */
@FunctionalInterface
public interface RequestObserver {

    RequestObserver NONE = (method, url, status, millis) -> {};

    /** @param status the HTTP status, or -1 when no answer came */
    void exchanged(String method, String url, int status, long millis);
}

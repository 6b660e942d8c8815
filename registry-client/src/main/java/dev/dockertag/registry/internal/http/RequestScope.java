package dev.dockertag.registry.internal.http;

import java.util.ArrayList;
import java.util.List;

/**
 * Attached to every registry request (as an OkHttp tag): the registry it is meant for and the token scopes it needs,
 * e.g. {@code repository:acme/app:pull,push}. The authenticator reads it to ask for the right token and to refuse to
 * authenticate a request that was redirected to another host.
 *
 * @param registryHost the {@code host[:port]} the request was made for
 * @param scopes token scopes, e.g. {@code repository:acme/app:pull}
 */
public record RequestScope(String registryHost, List<String> scopes) {

    public static RequestScope repository(String registryHost, String repository, String actions) {
        return new RequestScope(registryHost, List.of("repository:" + repository + ":" + actions));
    }

    public RequestScope plus(String repository, String actions) {
        var all = new ArrayList<>(scopes);
        all.add("repository:" + repository + ":" + actions);
        return new RequestScope(registryHost, List.copyOf(all));
    }

    /** The cache key of a token for these scopes. */
    String key() {
        return registryHost + " " + String.join(" ", scopes);
    }
}

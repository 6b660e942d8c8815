package dev.dockertag.pipelinegen.validate;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/**
 * The {@code display} section: {@code background_image} must be an http, https or relative URL. Ports
 * {@code validateDisplay} of concourse/concourse {@code atc/configvalidate/validate.go} (v8.0).
 */
final class DisplayRule {

    static final String SECTION = "display config";

    private DisplayRule() {}

    static List<Problem> check(JsonNode display) {
        if (display == null || display.isNull() || !display.has("background_image")) {
            return List.of();
        }
        String image = display.path("background_image").asText("");
        String scheme;
        try {
            scheme = new URI(image).getScheme();
        } catch (URISyntaxException e) {
            return List.of(Problem.error(SECTION, "background_image is not a valid URL: " + image));
        }
        if (scheme == null || List.of("http", "https").contains(scheme.toLowerCase(Locale.ROOT))) {
            return List.of();
        }
        return List.of(Problem.error(SECTION, "background_image scheme must be either http, https or relative"));
    }
}

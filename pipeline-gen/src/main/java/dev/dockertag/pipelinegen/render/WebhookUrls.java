package dev.dockertag.pipelinegen.render;

import dev.dockertag.pipelinegen.config.GenConfig;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The URLs to register with the git host when {@code webhooks: true}: one per git resource of the
 * branch pipeline. The token stays a placeholder: it is the value of the {@code ((webhook-token))} var.
 */
public final class WebhookUrls {

    private WebhookUrls() {
    }

    public static List<String> of(GenConfig config, List<String> gitResources, String concourseUrl, String team,
            String slug, String branch, boolean instanced) {
        String base = concourseUrl.replaceAll("/+$", "");
        String pipeline = instanced ? config.name() : config.pipelineName(slug);
        String vars = instanced ? "&vars.branch=" + URLEncoder.encode("\"" + branch + "\"", StandardCharsets.UTF_8) : "";
        List<String> urls = new ArrayList<>();
        for (String resource : gitResources) {
            urls.add(base + "/api/v1/teams/" + team + "/pipelines/" + pipeline + "/resources/" + resource
                    + "/check/webhook?webhook_token=<webhook-token>" + vars);
        }
        return urls;
    }
}

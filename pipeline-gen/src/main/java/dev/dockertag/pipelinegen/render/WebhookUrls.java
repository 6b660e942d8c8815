package dev.dockertag.pipelinegen.render;

import dev.dockertag.pipelinegen.config.GenConfig;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The URLs to register with the git host when {@code webhooks: true}: one per git resource of the branch pipeline (per
 * instance: {@code vars.branch} picks it); with {@code webhooks: tracker}, the one of the tracker's branch list. The
 * token stays a placeholder: it is the value of the {@code ((webhook-token))} var.
 */
public final class WebhookUrls {

    private WebhookUrls() {}

    /** The URL of the tracker's {@code branches} resource (webhooks: tracker). */
    public static String tracker(String concourseUrl, String team, String trackerPipeline) {
        return concourseUrl.replaceAll("/+$", "") + "/api/v1/teams/" + team + "/pipelines/" + trackerPipeline
                + "/resources/branches/check/webhook?webhook_token=<webhook-token>";
    }

    public static List<String> of(
            GenConfig config,
            List<String> gitResources,
            String concourseUrl,
            String team,
            String slug,
            String branch,
            boolean instanced) {
        String base = concourseUrl.replaceAll("/+$", "");
        String pipeline = instanced ? config.name() : config.pipelineName(slug);
        String vars =
                instanced ? "&vars.branch=" + URLEncoder.encode("\"" + branch + "\"", StandardCharsets.UTF_8) : "";
        List<String> urls = new ArrayList<>();
        for (String resource : gitResources) {
            urls.add(base + "/api/v1/teams/" + team + "/pipelines/" + pipeline + "/resources/" + resource
                    + "/check/webhook?webhook_token=<webhook-token>" + vars);
        }
        return urls;
    }
}

package dev.dockertag.reaper.it;

import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.function.Function;

/**
 * A stand-in for a provider API that cannot run here (GitHub's, ECR's, Docker Hub's, GitLab's, Harbor's), built from
 * its documentation: WireMock serves it, and each test's handler answers and acts on the real local registry behind it
 * (a deleted package version is a manifest deleted there), so that what the reaper reads back through the registry API
 * is what the provider did.
 */
final class ProviderFake implements ResponseDefinitionTransformerV2 {

    static final String NAME = "provider-fake";

    private volatile Function<Request, ResponseDefinition> handler = request -> ResponseDefinition.notFound();

    void answer(Function<Request, ResponseDefinition> newHandler) {
        handler = newHandler;
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        return handler.apply(serveEvent.getRequest());
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public String getName() {
        return NAME;
    }
}

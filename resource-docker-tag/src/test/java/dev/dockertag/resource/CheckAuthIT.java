package dev.dockertag.resource;

import static dev.dockertag.resource.ResourceScripts.request;
import static dev.dockertag.resource.ResourceScripts.source;
import static dev.dockertag.resource.ResourceScripts.version;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dockertag.testsupport.ImageFixtures;
import dev.dockertag.testsupport.LocalRegistry;
import dev.dockertag.testsupport.LocalRegistryExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** check against a registry with credentials: the steady-state cost, and what a wrong password says. */
class CheckAuthIT {

    @RegisterExtension
    static LocalRegistryExtension registryExtension = LocalRegistryExtension.withBasicAuth();

    @TempDir
    Path work;

    @Test
    void steadyStateCheckCostsOneRequestToTheRegistry(LocalRegistry registry) {
        ImageFixtures fixtures = new ImageFixtures(work);
        Path layout = fixtures.layout("img", "v", List.of(new ImageFixtures.Layer("/x.bin", 1024, 3)));
        String digest = fixtures.push(layout, "v", registry, "steady/app", "main-latest", "oci");
        ResourceScripts scripts = new ResourceScripts(work);
        Map<String, Object> request = request(
                "source", source(registry, "steady/app", "branch", "main"), "version", version("main-latest", digest));
        scripts.run("check", request).requireSuccess(); // the first check of a container learns the challenge

        int before = registry.requests().size();
        ResourceScripts.Run run = scripts.run("check", request).requireSuccess();

        assertThat(run.json()).hasToString("[{\"tag\":\"main-latest\",\"digest\":\"" + digest + "\"}]");
        assertThat(registry.requests().subList(before, registry.requests().size()))
                .extracting(r -> r.method() + " " + r.path() + " " + r.status())
                .containsExactly("HEAD /v2/steady/app/manifests/main-latest 200");
    }

    @Test
    void wrongPasswordIsAClearErrorThatNeverShowsThePassword(LocalRegistry registry) {
        ResourceScripts scripts = new ResourceScripts(work);
        Map<String, Object> source = source(registry, "steady/app", "branch", "main");
        source.put("password", "not-the-Pa55word");

        ResourceScripts.Run run = scripts.run("check", request("source", source));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr())
                .contains(
                        "error: tried to resolve " + registry.host() + "/steady/app:main-latest: 401",
                        "(the registry refused the credentials)",
                        "hint: check source.username and source.password")
                .doesNotContain("not-the-Pa55word");
    }

    @Test
    void unreachableRegistryIsAClearErrorAfterBoundedRetries() {
        ResourceScripts scripts = new ResourceScripts(work);

        ResourceScripts.Run run = scripts.run(
                "check", "{\"source\":{\"repository\":\"127.0.0.1:9/x/y\"," + "\"tag\":\"v1\",\"insecure\":true}}");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr())
                .startsWith("error: tried to resolve 127.0.0.1:9/x/y:v1: cannot connect to 127.0.0.1:9")
                .contains("hint: check the host in source.repository");
    }
}

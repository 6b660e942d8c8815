package dev.dockertag.reaper.gc;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.dockertag.reaper.config.ReaperConfig.HarborGc;
import dev.dockertag.reaper.config.Secret;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Harbor's GC API: a dry run, then the real run, each polled to the end; 409 when one is already running. */
class HarborGcWireMockTest {

    @RegisterExtension
    static WireMockExtension harbor = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    private static final String SCHEDULE = "/api/v2.0/system/gc/schedule";
    private static final String DRY = "{\"schedule\":{\"type\":\"Manual\"},\"parameters\":{\"delete_untagged\":false,"
            + "\"dry_run\":true,\"workers\":1}}";
    private static final String REAL = DRY.replace("\"dry_run\":true", "\"dry_run\":false");

    private final List<String> log = new ArrayList<>();

    private HarborGarbageCollector collector(boolean insecure) {
        return new HarborGarbageCollector(
                new HarborGc(
                        "http://localhost:" + harbor.getPort(),
                        Optional.of("admin"),
                        Optional.of(new Secret("Harbor12345")),
                        insecure),
                Duration.ofMillis(10),
                Duration.ofSeconds(5));
    }

    private void job(int id, String... statuses) {
        String scenario = "gc-" + id;
        for (int i = 0; i < statuses.length; i++) {
            harbor.stubFor(get(urlEqualTo("/api/v2.0/system/gc/" + id))
                    .inScenario(scenario)
                    .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "poll-" + i)
                    .willSetStateTo("poll-" + Math.min(i + 1, statuses.length - 1))
                    .willReturn(aResponse()
                            .withHeader("Content-Type", "application/json")
                            .withBody("{\"id\":" + id + ",\"job_status\":\"" + statuses[i] + "\"}")));
        }
        harbor.stubFor(get(urlEqualTo("/api/v2.0/system/gc/" + id + "/log"))
                .willReturn(aResponse()
                        .withBody("2026-11-21T10:00:00Z [INFO] 12 blobs and 3 manifests eligible for deletion\n")));
    }

    @Test
    void runsADryRunThenTheRealOneAndWaitsForEach() {
        harbor.stubFor(post(urlEqualTo(SCHEDULE))
                .withRequestBody(equalToJson(DRY))
                .willReturn(aResponse().withStatus(201).withHeader("Location", "/api/v2.0/system/gc/41")));
        harbor.stubFor(post(urlEqualTo(SCHEDULE))
                .withRequestBody(equalToJson(REAL))
                .willReturn(aResponse().withStatus(201).withHeader("Location", "/api/v2.0/system/gc/42")));
        job(41, "Pending", "Running", "Success");
        job(42, "Running", "Success");

        String summary = collector(true).collect(log::add);

        assertThat(summary)
                .isEqualTo("Harbor GC 42 finished (dry run: 12 blobs and 3 manifests eligible for deletion)");
        assertThat(log)
                .containsExactly(
                        "gc: Harbor dry run 41 started",
                        "gc: Harbor dry run 41 succeeded",
                        "gc: Harbor dry run 41: 12 blobs and 3 manifests eligible for deletion",
                        "gc: Harbor GC 42 started",
                        "gc: Harbor GC 42 succeeded");
        String basic = "Basic " + Base64.getEncoder().encodeToString("admin:Harbor12345".getBytes());
        harbor.verify(2, postRequestedFor(urlEqualTo(SCHEDULE)).withHeader("Authorization", equalTo(basic)));
        assertThat(String.join("\n", log)).doesNotContain("Harbor12345");
    }

    @Test
    void aGcAlreadyRunningIsReportedNotFailed() {
        harbor.stubFor(post(urlEqualTo(SCHEDULE))
                .willReturn(aResponse()
                        .withStatus(409)
                        .withBody(
                                "{\"errors\":[{\"code\":\"CONFLICT\",\"message\":\"a GC job is already running\"}]}")));

        String summary = collector(true).collect(log::add);

        assertThat(summary)
                .isEqualTo("Harbor is already running a GC (409); none started, the space comes back with"
                        + " that one or the next");
        harbor.verify(1, postRequestedFor(urlEqualTo(SCHEDULE)));
    }

    @Test
    void aFailedDryRunStopsBeforeTheRealRun() {
        harbor.stubFor(post(urlEqualTo(SCHEDULE))
                .withRequestBody(equalToJson(DRY))
                .willReturn(aResponse().withStatus(201).withHeader("Location", "/api/v2.0/system/gc/7")));
        job(7, "Running", "Error");

        assertThatThrownBy(() -> collector(true).collect(log::add))
                .isInstanceOf(GcFailure.class)
                .hasMessage("Harbor's dry run 7 ended as 'Error'");
        harbor.verify(1, postRequestedFor(urlEqualTo(SCHEDULE)));
    }

    @Test
    void refusedCredentialsSayWhatIsNeeded() {
        harbor.stubFor(post(urlEqualTo(SCHEDULE)).willReturn(aResponse().withStatus(403)));

        assertThatThrownBy(() -> collector(true).collect(log::add))
                .isInstanceOf(GcFailure.class)
                .hasMessage("tried to start Harbor's GC dry run: 403 Forbidden")
                .satisfies(e -> assertThat(((GcFailure) e).hint())
                        .hasValue("gc.harbor.username must be a Harbor admin (or a robot account with GC rights)"));
    }

    @Test
    void plainHttpIsRefusedUnlessInsecure() {
        assertThatThrownBy(() -> collector(false))
                .isInstanceOf(GcFailure.class)
                .hasMessage("gc.harbor.url is plain http: the password would cross the network in the clear");
    }

    @Test
    void aStartedGcWithoutLocationIsAnError() {
        harbor.stubFor(post(urlEqualTo(SCHEDULE)).willReturn(aResponse().withStatus(201)));

        assertThatThrownBy(() -> collector(true).collect(log::add))
                .isInstanceOf(GcFailure.class)
                .hasMessage("Harbor started a GC but did not say which (no Location header)");
    }
}

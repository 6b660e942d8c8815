package dev.dockertag.reaper.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dockertag.reaper.apply.ApplyFailure;
import dev.dockertag.reaper.apply.ApplyReport;
import dev.dockertag.reaper.apply.Outcome;
import dev.dockertag.reaper.apply.PlanExecutor;
import dev.dockertag.reaper.config.ReaperConfig;
import dev.dockertag.reaper.config.ReaperConfigLoader;
import dev.dockertag.reaper.plan.ReapPlan;
import dev.dockertag.reaper.survey.Survey;
import dev.dockertag.registry.ImageReference;
import dev.dockertag.registry.RegistryClient;
import dev.dockertag.registry.RepositoryClient;
import dev.dockertag.registry.image.Digest;
import dev.dockertag.testsupport.LocalRegistryExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What happens when the registry changes under the reaper: between the plan and the deletions (rule 4: re-check, skip
 * what moved), and during the deletions (rule 6: verify the kept tags afterwards, and restore from the journal on any
 * mismatch).
 */
class ApplyRacesIT {

    @RegisterExtension
    static LocalRegistryExtension registry = LocalRegistryExtension.anonymous();

    private static final AtomicInteger REPOSITORIES = new AtomicInteger();

    @TempDir
    Path temp;

    Upstream upstream;
    RegistryClient client;
    RepositoryClient repository;
    ReaperConfig config;
    List<String> log = new ArrayList<>();
    String gone;

    @BeforeEach
    void setUp() throws IOException {
        upstream = new Upstream(temp.resolve("git"));
        client = RegistryClient.builder().allowPlainHttp(true).build();
        String name = registry.get().host() + "/acme/race-" + REPOSITORIES.incrementAndGet();
        repository = client.repository(ImageReference.parse(name));
        Path file = temp.resolve("reaper.yml");
        Files.writeString(file, """
                git: {uri: %s}
                registry: {insecure: true}
                repositories: [%s]
                main_branch: master
                limits: {max_fraction: 1}
                """.formatted(upstream.uri(), name));
        config = ReaperConfigLoader.load(file, Map.of());
        String master = upstream.commit("master");
        gone = upstream.commit("feat/gone");
        Images.push(repository, "master-latest", "master", master, 1);
        Images.push(repository, "feat-gone-latest", "feat/gone", gone, 2);
        Images.retag(repository, "feat-gone-latest", gone.substring(0, 10));
        upstream.deleteBranch("feat/gone");
    }

    @AfterEach
    void tearDown() {
        client.close();
    }

    ReapPlan plan() {
        return new Survey(config, client, log::add, temp.resolve("state")).run();
    }

    Map<String, Digest> tags() {
        return Images.tags(repository);
    }

    @Test
    void aTagMovedAfterThePlanIsSkipped() {
        ReapPlan plan = plan();
        assertThat(plan.removals()).isEqualTo(2);
        Digest planned = tags().get("feat-gone-latest");
        Digest pushedSince = Images.push(repository, "feat-gone-latest", "feat/gone", gone, 3);

        ApplyReport report = new PlanExecutor(client, log::add).apply(plan, temp.resolve("journal.json"));

        assertThat(report.outcomes())
                .extracting(Outcome::tag, Outcome::result, Outcome::detail)
                .containsExactlyInAnyOrder(
                        Tuple.tuple(gone.substring(0, 10), Outcome.Result.REMOVED, "manifest deleted"),
                        Tuple.tuple(
                                "feat-gone-latest",
                                Outcome.Result.SKIPPED,
                                "the tag moved to " + pushedSince + " since the plan; left alone"));
        assertThat(tags()).containsEntry("feat-gone-latest", pushedSince).doesNotContainKey(gone.substring(0, 10));
        assertThat(repository.resolve(planned.toString())).isEmpty();
    }

    @Test
    void aKeptTagMovedOntoADoomedDigestSavesIt() {
        ReapPlan plan = plan();
        Digest doomed = tags().get("feat-gone-latest");
        Images.retag(repository, "feat-gone-latest", "master-latest");

        ApplyReport report = new PlanExecutor(client, log::add).apply(plan, temp.resolve("journal.json"));

        assertThat(report.count(Outcome.Result.SKIPPED)).isEqualTo(2);
        assertThat(report.outcomes().getFirst().detail())
                .isEqualTo("the kept tag 'master-latest' has moved onto " + doomed
                        + " since the plan, so it is not deleted");
        assertThat(tags()).containsEntry("master-latest", doomed).containsEntry("feat-gone-latest", doomed);
    }

    @Test
    void aKeptTagChangedDuringTheDeletionsRestoresEverythingFromTheJournal() {
        ReapPlan plan = plan();
        Map<String, Digest> before = tags();
        // someone pushes a new master-latest right as the first deletion goes out
        AtomicBoolean raced = new AtomicBoolean();
        List<Digest> pushed = new ArrayList<>();
        try (RegistryClient racing = RegistryClient.builder()
                .allowPlainHttp(true)
                .observer((method, url, status, millis) -> {
                    if (method.equals("DELETE") && status == 202 && raced.compareAndSet(false, true)) {
                        pushed.add(Images.push(repository, "master-latest", "master", "f".repeat(40), 9));
                    }
                })
                .build()) {
            Path journal = temp.resolve("journal.json");

            assertThatThrownBy(() -> new PlanExecutor(racing, log::add).apply(plan, journal))
                    .isInstanceOf(ApplyFailure.class)
                    .satisfies(e -> assertThat(e.getMessage())
                            .isEqualTo("kept tags changed during the apply, so"
                                    + " everything it removed was put back from " + journal + ":\n" + repository.name()
                                    + ":master-latest was " + before.get("master-latest")
                                    + " before the deletions and is "
                                    + pushed.getFirst() + " after"));

            assertThat(raced).isTrue();
            assertThat(tags())
                    .containsEntry("feat-gone-latest", before.get("feat-gone-latest"))
                    .containsEntry(gone.substring(0, 10), before.get(gone.substring(0, 10)));
            assertThat(log)
                    .contains(
                            "restored " + repository.name() + ":feat-gone-latest -> " + before.get("feat-gone-latest"));
        }
    }

    @Test
    void aRegistryThatStopsDeletingMidwayFailsNamingTheJournalAndWhereEveryTagStands() {
        String other = upstream.commit("feat/other");
        Images.push(repository, "feat-other-latest", "feat/other", other, 3);
        upstream.deleteBranch("feat/other");
        ReapPlan plan = plan();
        Map<String, Digest> before = tags();
        Path journal = temp.resolve("journal.json");
        registry.get().restart(true); // read-only from now on: every DELETE gets 405
        try {
            assertThatThrownBy(() -> new PlanExecutor(client, log::add).apply(plan, journal))
                    .isInstanceOf(ApplyFailure.class)
                    .satisfies(e -> {
                        assertThat(e.getMessage())
                                .startsWith("the apply stopped in " + repository.name() + ": tried to delete manifest ")
                                .contains(" 405 ")
                                .endsWith("\nwhat it had removed" + " until then is in the journal " + journal
                                        + "; GC was not run");
                        List<String> lines = List.of(e.getMessage().split("\n"));
                        List<String> tags = lines.subList(1, lines.size() - 1);
                        String name = repository.name().toString();
                        assertThat(tags)
                                .as("every planned tag, and where it stands")
                                .hasSize(3)
                                .allMatch(l -> l.startsWith("failed " + name + ":")
                                        || l.startsWith("not attempted " + name + ":"));
                        assertThat(tags)
                                .as("the first deletion failed; the one after it was never tried")
                                .anyMatch(l -> l.startsWith("failed ") && l.endsWith(" (the request above)"))
                                .anyMatch(l -> l.startsWith("not attempted "));
                        assertThat(String.join("\n", tags))
                                .contains(":feat-gone-latest", ":feat-other-latest", ":" + gone.substring(0, 10));
                        assertThat(((ApplyFailure) e).hint())
                                .hasValue("reaper undo " + journal + " puts every tag of the plan back");
                    });
        } finally {
            registry.get().restart(false);
        }
        assertThat(journal).exists();
        assertThat(tags()).isEqualTo(before);
    }
}

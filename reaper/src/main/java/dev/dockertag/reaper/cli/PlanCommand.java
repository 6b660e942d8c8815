package dev.dockertag.reaper.cli;

import dev.dockertag.reaper.config.ReaperConfig;
import dev.dockertag.reaper.gc.GcSchedule;
import dev.dockertag.reaper.plan.ReapPlan;
import dev.dockertag.reaper.report.PlanReport;
import dev.dockertag.reaper.survey.Survey;
import dev.dockertag.registry.RegistryClient;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "plan",
        mixinStandardHelpOptions = true,
        header = "Shows what apply would remove and keep, and why; changes nothing.",
        description = {
            "Shows what apply would do, changing nothing: per repository, each tag that would go and why,"
                    + " each tag kept and why, and how each removal would be done.",
            "It writes nothing to the registry; it records in --journal-dir when it first saw images that"
                    + " have no creation time (min_age's clock).",
            "Exit 0 when the plan is within limits, 1 when apply would refuse it (or listing failed)."
        })
public class PlanCommand implements Callable<Integer> {

    @Mixin
    Session session;

    @Mixin
    PlanOptions options;

    @Option(names = "--json", description = "Print the plan as JSON (for tools and reviews).")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ReaperConfig config = options.applyTo(session.config());
        try (RegistryClient registry = session.registry(config, spec)) {
            long started = System.nanoTime();
            ReapPlan plan = new Survey(
                            config, registry, session.deleters(config), Session.log(spec), options.journalDirectory())
                    .run();
            spec.commandLine().getOut().print(json ? PlanReport.json(plan) : PlanReport.text(plan));
            spec.commandLine().getOut().flush();
            Session.log(spec)
                    .accept(String.format(
                            Locale.ROOT,
                            "planned in %.2f s with %d registry requests",
                            (System.nanoTime() - started) / 1e9,
                            session.requests()));
            if (config.gc().isPresent()) {
                GcSchedule.in(options.journalDirectory())
                        .describe(Instant.now(), config.gcAfter())
                        .ifPresent(Session.log(spec));
            }
            List<String> violations = plan.limitViolations(
                    config.limits().maxDeletions(), config.limits().maxFraction());
            violations.forEach(v -> Session.log(spec).accept("apply would refuse: " + v));
            return violations.isEmpty() ? 0 : 1;
        }
    }
}

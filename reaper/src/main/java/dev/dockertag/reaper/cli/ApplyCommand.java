package dev.dockertag.reaper.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dockertag.reaper.apply.ApplyFailure;
import dev.dockertag.reaper.apply.ApplyJson;
import dev.dockertag.reaper.apply.ApplyReport;
import dev.dockertag.reaper.apply.ApplyStopped;
import dev.dockertag.reaper.apply.Outcome;
import dev.dockertag.reaper.apply.PlanExecutor;
import dev.dockertag.reaper.config.ReaperConfig;
import dev.dockertag.reaper.gc.GarbageCollector;
import dev.dockertag.reaper.gc.GcSchedule;
import dev.dockertag.reaper.pipelines.PipelineCleaner;
import dev.dockertag.reaper.plan.ReapPlan;
import dev.dockertag.reaper.plan.RepositoryPlan;
import dev.dockertag.reaper.provider.Deleters;
import dev.dockertag.reaper.report.PlanReport;
import dev.dockertag.reaper.survey.Survey;
import dev.dockertag.registry.Deadline;
import dev.dockertag.registry.RegistryClient;
import dev.dockertag.tool.cli.Counts;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "apply",
        mixinStandardHelpOptions = true,
        header = "Plans afresh and carries the plan out, then runs GC.",
        description = {
            "Plans afresh and carries the plan out: writes a journal, removes the tags, verifies every"
                    + " kept tag (restoring from the journal if one changed), then runs the configured GC and destroys"
                    + " the pipelines of vanished branches.",
            "Without --yes it asks on the terminal, and refuses when there is none.",
            "Exit 0 when everything planned was done; 1 when refused or anything failed; 2 when a repository"
                    + " had removals but its registry cannot delete (one line each; the others were done)."
        })
public class ApplyCommand implements Callable<Integer> {

    @Mixin
    Session session;

    @Mixin
    PlanOptions options;

    @Option(
            names = {"-y", "--yes"},
            description = "Do not ask (for scheduled runs).")
    boolean yes;

    @Option(names = "--skip-gc", description = "Do not run gc: even when it is configured.")
    boolean skipGc;

    @Option(
            names = "--gc-now",
            description = "Run gc right after this apply's deletions, instead of leaving them to the first apply"
                    + " gc.after (default 12h) later; reaper undo cannot restore them once it has run.")
    boolean gcNow;

    @Option(
            names = "--irreversible",
            paramLabel = "REPOSITORY",
            description = "Delete in REPOSITORY although reaper undo cannot put it back there (ECR: the plan says"
                    + " why); once per such repository, as the plan names it.")
    List<String> irreversible = new ArrayList<>();

    @Option(
            names = "--json",
            description = "Print one JSON document instead of the text: the plan, and what became of every planned"
                    + " removal (deleted, skipped, left, failed, not attempted), the journal and its undo command;"
                    + " printed when the apply stops part way too.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ReaperConfig config = options.applyTo(session.config());
        Consumer<String> log = Session.log(spec);
        PrintWriter out = spec.commandLine().getOut();
        Optional<Console> terminal = yes ? Optional.empty() : Confirmation.terminal();
        if (!yes && terminal.isEmpty()) {
            throw new ApplyFailure(
                    "no terminal to confirm on, and --yes was not given: nothing was deleted",
                    "review `reaper plan` first, then run apply --yes");
        }
        try (RegistryClient registry = session.registry(config, spec)) {
            Deleters deleters = session.deleters(config);
            ReapPlan plan = new Survey(config, registry, deleters, log, options.journalDirectory()).run();
            if (!json) {
                out.print(PlanReport.text(plan));
                out.flush();
                return carryOut(config, plan, registry, deleters, terminal, log, out);
            }
            try {
                int exit = carryOut(config, plan, registry, deleters, terminal, log, out);
                printJson(out, plan, finished == null ? ApplyJson.nothing() : ApplyJson.finished(finished, null));
                return exit;
            } catch (ApplyStopped e) {
                printJson(out, plan, ApplyJson.stopped(e));
                throw e;
            } catch (RuntimeException e) {
                printJson(
                        out,
                        plan,
                        finished == null
                                ? ApplyJson.refused(e.getMessage())
                                : ApplyJson.finished(finished, e.getMessage()));
                throw e;
            }
        }
    }

    /** What the apply did, once the executor has run (null before, and when there was nothing to remove). */
    private ApplyReport finished;

    private int carryOut(
            ReaperConfig config,
            ReapPlan plan,
            RegistryClient registry,
            Deleters deleters,
            Optional<Console> terminal,
            Consumer<String> log,
            PrintWriter out) {
        List<String> violations = plan.limitViolations(
                config.limits().maxDeletions(), config.limits().maxFraction());
        if (!violations.isEmpty()) {
            throw new ApplyFailure(
                    "refusing to apply, nothing was deleted:\n" + String.join("\n", violations),
                    "if the plan is right, raise limits.max_deletions / limits.max_fraction for one run");
        }
        List<String> unrestorable = plan.repositories().stream()
                .filter(r -> r.removesAnything()
                        && r.deletion().possible()
                        && r.deletion().irreversible().isPresent())
                .filter(r -> !irreversible.contains(r.repository()))
                .map(r -> r.repository() + ": " + r.deletion().irreversible().get())
                .toList();
        if (!unrestorable.isEmpty()) {
            throw new ApplyFailure(
                    "refusing to apply, nothing was deleted: reaper undo could not put these deletions back:\n"
                            + String.join("\n", unrestorable),
                    "if the plan is right, name each such repository with --irreversible REPOSITORY");
        }
        List<RepositoryPlan> cannotDelete = plan.cannotDelete();
        if (plan.deletableRemovals() == 0) {
            (json ? log : (Consumer<String>) out::println)
                    .accept(cannotDelete.isEmpty() ? "nothing to remove" : "nothing that can be removed");
            collectDue(config, log, out);
        } else {
            if (terminal.isPresent()
                    && !Confirmation.ask(
                            terminal.get(), "remove " + plan.deletableRemovals() + " tags and referrers?")) {
                throw new ApplyFailure("not confirmed: nothing was deleted", null);
            }
            collectDue(config, log, out);
            Path directory = options.journalDirectory();
            Path journal = directory.resolve("reaper-journal-" + GcSchedule.STAMP.format(Instant.now()) + ".json");
            createDirectories(directory);
            log.accept("journal: " + journal.toAbsolutePath() + " (reaper undo takes it until GC has run)");
            ApplyReport report = new PlanExecutor(registry, deleters, log).apply(plan, journal);
            finished = report;
            if (!json) {
                printReport(out, report);
            }
            if (!report.complete()) {
                throw new ApplyFailure(
                        Counts.of(report.count(Outcome.Result.LEFT), "tag") + " could not be removed (see above);"
                                + " GC was not run",
                        "the lines above say why for each tag");
            }
            collectGarbage(config, report, journal, log, out);
        }
        config.pipelines()
                .ifPresent(p -> PipelineCleaner.of(p, System.getenv()).destroyVanished(plan.liveBranches(), log));
        log.accept("done with " + session.requests() + " registry requests");
        if (!cannotDelete.isEmpty()) {
            throw ApplyFailure.cannotDelete(String.join(
                    "\n",
                    cannotDelete.stream()
                            .map(r -> r.repository()
                                    + ": " + r.deletion().description() + "; its "
                                    + r.removals().size()
                                    + " planned removals were left")
                            .toList()));
        }
        return 0;
    }

    private static void createDirectories(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new ApplyFailure(
                    "cannot create the journal directory " + directory + ": " + e.getMessage()
                            + "; nothing was deleted",
                    "give one that can be written with --journal-dir");
        }
    }

    /**
     * Before this apply deletes anything: GC for the deletions of earlier applies that are {@code gc.after} old, so
     * that this apply's own deletions keep their undo window until the next one.
     */
    private void collectDue(ReaperConfig config, Consumer<String> log, PrintWriter out) {
        if (config.gc().isEmpty() || skipGc || gcNow) {
            return; // --gc-now collects after the deletions, everything at once
        }
        List<GcSchedule.Deletions> pending =
                GcSchedule.in(options.journalDirectory()).pending();
        List<GcSchedule.Deletions> due = GcSchedule.due(pending, Instant.now(), config.gcAfter());
        if (due.isEmpty()) {
            return;
        }
        int younger = pending.size() - due.size();
        log.accept("gc: collecting the deletions of " + Counts.of(due.size(), "earlier apply", "earlier applies")
                + " (older than gc.after, " + Deadline.words(config.gcAfter()) + ") before this one deletes"
                + " anything"
                + (younger == 0
                        ? ""
                        : "; GC is registry-wide, so it takes the blobs of "
                                + Counts.of(younger, "younger apply's", "younger applies'")
                                + " deletions too (their journals restore them no more)"));
        runGc(config, pending, log, out);
    }

    /** After this apply's deletions: GC now with {@code --gc-now}, else say until when undo restores them. */
    private void collectGarbage(
            ReaperConfig config, ApplyReport report, Path journal, Consumer<String> log, PrintWriter out) {
        if (config.gc().isEmpty()) {
            return;
        }
        if (skipGc) {
            log.accept("gc: skipped (--skip-gc)");
        } else if (report.count(Outcome.Result.REMOVED) == 0) {
            log.accept("gc: nothing was removed, so nothing to collect");
        } else if (gcNow) {
            runGc(config, GcSchedule.in(options.journalDirectory()).pending(), log, out);
        } else {
            log.accept("gc: waits (gc.after " + Deadline.words(config.gcAfter()) + "): reaper undo " + journal
                    + " restores these deletions until the first apply from "
                    + Instant.now().plus(config.gcAfter()).truncatedTo(ChronoUnit.SECONDS)
                    + " on, which collects them before it deletes anything; --gc-now collects at once");
        }
    }

    /** GC, then the record that the deletions {@code covered} (pending when it started) are collected. */
    private void runGc(ReaperConfig config, List<GcSchedule.Deletions> covered, Consumer<String> log, PrintWriter out) {
        String collected = GarbageCollector.of(config.gc().get()).collect(log);
        GcSchedule.in(options.journalDirectory()).collected(covered);
        if (json) {
            log.accept(collected);
        } else {
            out.println(collected);
            out.flush();
        }
    }

    private static void printJson(PrintWriter out, ReapPlan plan, ObjectNode apply) {
        ObjectNode document = JsonNodeFactory.instance.objectNode();
        document.set("plan", PlanReport.jsonTree(plan));
        document.set("apply", apply);
        out.print(PlanReport.text(document));
        out.flush();
    }

    private static void printReport(PrintWriter out, ApplyReport report) {
        out.println();
        for (Outcome outcome : report.outcomes()) {
            out.println(outcome.result().name().toLowerCase(Locale.ROOT) + " " + outcome.what() + " ("
                    + outcome.detail() + ")");
        }
        out.println("removed " + report.count(Outcome.Result.REMOVED) + ", skipped "
                + report.count(Outcome.Result.SKIPPED) + ", left " + report.count(Outcome.Result.LEFT) + "; "
                + report.keptTagsVerified() + " kept tags verified; journal: " + report.journal());
        out.flush();
    }
}

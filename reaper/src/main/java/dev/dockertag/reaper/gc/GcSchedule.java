package dev.dockertag.reaper.gc;

import dev.dockertag.registry.Deadline;
import dev.dockertag.tool.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * When GC may run, so that {@code reaper undo} keeps a real window: an apply's deletions are collected by the first
 * apply that starts {@code gc.after} or more after it (before that one deletes anything of its own), unless
 * {@code --gc-now}. What has been collected is the time of the newest journal the last GC covered, in
 * {@code gc-collected} in the journal directory; the deletions waiting are the journals written after it (their time is
 * in their names: {@code reaper-journal-20261205T081727Z.json}).
 */
public final class GcSchedule {

    /** The journal's file name, with the time it was written. */
    public static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    static final String FILE = "gc-collected";
    private static final Pattern JOURNAL = Pattern.compile("reaper-journal-(\\d{8}T\\d{6}Z)\\.json");

    private final Path directory;

    private GcSchedule(Path directory) {
        this.directory = directory;
    }

    public static GcSchedule in(Path directory) {
        return new GcSchedule(directory);
    }

    /** A journal file of an apply, and when it was written. */
    public record Deletions(Path journal, Instant at) {}

    /** The newest journal the last GC covered, as recorded here; empty before the first. */
    public Optional<Instant> lastCollected() {
        try {
            return Optional.of(Instant.parse(Files.readString(directory.resolve(FILE), StandardCharsets.UTF_8)
                    .strip()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | DateTimeParseException e) {
            return Optional.empty(); // unreadable: as if never, so that nothing waits forever
        }
    }

    /** The applies whose deletions no GC has collected yet, oldest first. */
    public List<Deletions> pending() {
        Optional<Instant> last = lastCollected();
        List<Deletions> pending = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return pending;
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Matcher m = JOURNAL.matcher(file.getFileName().toString());
                if (m.matches()) {
                    Instant at = Instant.from(STAMP.parse(m.group(1)));
                    if (last.isEmpty() || at.isAfter(last.get())) {
                        pending.add(new Deletions(file, at));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        pending.sort(Comparator.comparing(Deletions::at));
        return pending;
    }

    /** Of {@code pending}, the deletions {@code after} or more old at {@code now}: what the next GC is for. */
    public static List<Deletions> due(List<Deletions> pending, Instant now, Duration after) {
        return pending.stream().filter(d -> !d.at().plus(after).isAfter(now)).toList();
    }

    /**
     * What waits for GC, for {@code plan}: nothing, or how many applies' deletions, which of them the next apply
     * collects first, and which journal still restores what.
     */
    public Optional<String> describe(Instant now, Duration after) {
        List<Deletions> pending = pending();
        if (pending.isEmpty()) {
            return Optional.empty();
        }
        int due = due(pending, now, after).size();
        Deletions newest = pending.get(pending.size() - 1);
        return Optional.of("gc: the deletions of " + pending.size() + (pending.size() == 1 ? " apply" : " applies")
                + " wait for GC; " + (due == 0 ? "none is" : due + (due == 1 ? " is" : " are"))
                + " older than gc.after (" + Deadline.words(after)
                + "), which the next apply collects before it deletes"
                + " anything; until then reaper undo " + newest.journal() + " restores the newest");
    }

    /**
     * Records that a GC finished which started when {@code covered} were pending: their deletions are gone for good.
     * What is recorded is the newest one's time (a journal's name holds whole seconds, so a clock time could pass over
     * a journal written in the same second, after the GC).
     */
    public void collected(List<Deletions> covered) {
        if (covered.isEmpty()) {
            return;
        }
        Instant newest = covered.get(covered.size() - 1).at();
        try {
            AtomicFiles.write(directory.resolve(FILE), (newest + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

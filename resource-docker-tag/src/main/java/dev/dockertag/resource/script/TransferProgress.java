package dev.dockertag.resource.script;

import dev.dockertag.registry.ByteSizes;
import dev.dockertag.registry.ProgressListener;
import dev.dockertag.registry.image.Digest;
import java.util.HashMap;
import java.util.Map;

/**
 * One progress line on stderr per tenth of a transfer (not a line per buffer: Concourse keeps every line of the build
 * log), summed over every blob of the transfer, however many threads move them.
 */
public final class TransferProgress implements ProgressListener {

    private final Log log;
    private final String verb;
    private final long total;
    private final Map<Digest, Long> doneByBlob = new HashMap<>();
    private long done;
    private int lastTenth;

    /** @param total the bytes the whole transfer moves, or 0 when unknown (then nothing is printed) */
    public TransferProgress(Log log, String verb, long total) {
        this.log = log;
        this.verb = verb;
        this.total = total;
    }

    @Override
    public synchronized void progress(Digest digest, long blobDone, long blobTotal) {
        Long before = doneByBlob.put(digest, blobDone);
        done += blobDone - (before == null ? 0 : before);
        if (total <= 0) {
            return;
        }
        int tenth = (int) Math.min(10, done * 10 / total);
        if (tenth > lastTenth) {
            lastTenth = tenth;
            log.info(verb + " " + (tenth * 10) + "% (" + ByteSizes.of(Math.min(done, total)) + " of "
                    + ByteSizes.of(total) + ")");
        }
    }
}

package dev.dockertag.registry.archive;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * A gzip stream for layers that spends no time on bytes that do not compress. Layers hold much that is compressed
 * already (archives, images, packed binaries): deflate at its fastest level gains nothing on those and runs at about 40
 * MB/s here, where storing them as deflate's uncompressed blocks runs at memory speed. So every {@value #PROBE} bytes
 * are compressed as a probe; when that saves less than 2% the next {@value #SKIP} bytes are stored, then another probe
 * decides again. Go's compressor in skopeo and docker skips incompressible data the same way. The output is ordinary
 * gzip, and the same input always gives the same bytes (so the same layer pushed twice has one digest), however the
 * caller sizes its writes.
 */
final class LayerGzip extends GZIPOutputStream {

    /** Deflate is fed in pieces of this size whatever the caller writes: its stored blocks follow the pieces. */
    static final int PIECE = 64 * 1024;

    static final int PROBE = PIECE;
    static final int SKIP = 64 * PROBE;

    private final byte[] piece = new byte[PIECE];
    private int pieceLength;
    private long segmentLeft = PROBE;
    private boolean probing = true;
    private long probeRead;
    private long probeWritten;

    LayerGzip(OutputStream out) throws IOException {
        super(out, PIECE);
        def.setLevel(Deflater.BEST_SPEED);
    }

    @Override
    public synchronized void write(byte[] buffer, int offset, int length) throws IOException {
        int off = offset;
        int left = length;
        while (left > 0) {
            int n = Math.min(left, PIECE - pieceLength);
            System.arraycopy(buffer, off, piece, pieceLength, n);
            pieceLength += n;
            off += n;
            left -= n;
            if (pieceLength == PIECE) {
                deflatePiece();
            }
        }
    }

    @Override
    public synchronized void finish() throws IOException {
        if (pieceLength > 0) {
            deflatePiece();
        }
        super.finish();
    }

    private void deflatePiece() throws IOException {
        super.write(piece, 0, pieceLength);
        segmentLeft -= pieceLength;
        pieceLength = 0;
        if (segmentLeft <= 0) {
            nextSegment();
        }
    }

    /**
     * After a probe, store or compress what follows; after a stored stretch, probe again. Each segment ends with a sync
     * flush, so that the counts measure the probe alone and not what deflate held back.
     */
    private void nextSegment() throws IOException {
        for (int n; (n = def.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH)) > 0; ) {
            out.write(buf, 0, n);
        }
        if (probing) {
            long read = def.getBytesRead() - probeRead;
            long written = def.getBytesWritten() - probeWritten;
            boolean incompressible = written * 100 >= read * 98;
            probing = !incompressible;
            def.setLevel(incompressible ? Deflater.NO_COMPRESSION : Deflater.BEST_SPEED);
            segmentLeft = incompressible ? SKIP : PROBE;
        } else {
            probing = true;
            def.setLevel(Deflater.BEST_SPEED);
            segmentLeft = PROBE;
        }
        // the new level applies from the next deflate call, after it has compressed the input it
        // was given with the old one: make that call now, with no input, so that where the switch
        // falls never depends on how the caller sized its writes
        for (int n; (n = def.deflate(buf, 0, buf.length, Deflater.NO_FLUSH)) > 0; ) {
            out.write(buf, 0, n);
        }
        probeRead = def.getBytesRead();
        probeWritten = def.getBytesWritten();
    }
}

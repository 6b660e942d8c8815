package dev.dockertag.registry;

import dev.dockertag.registry.image.Digest;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/** Hashes what passes through and, at the end of the stream, fails unless it was exactly the expected blob. */
final class VerifyingInputStream extends FilterInputStream {

    private final Digest expected;
    private final long size;
    private final String action;
    private final MessageDigest hasher;
    private long count;
    private boolean verified;

    VerifyingInputStream(InputStream in, Digest expected, long size, String action) {
        super(in);
        this.expected = expected;
        this.size = size;
        this.action = action;
        this.hasher = expected.newHasher();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n < 0) {
            verify();
            return -1;
        }
        hasher.update(b, off, n);
        count += n;
        if (size >= 0 && count > size) {
            verify();
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buffer = new byte[8192];
        long skipped = 0;
        while (skipped < n) {
            int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void verify() {
        if (verified) {
            return;
        }
        verified = true;
        byte[] hash = hasher.digest();
        if ((size >= 0 && count != size) || !expected.matches(hash)) {
            throw new DigestMismatchException(
                    action,
                    expected,
                    new Digest(expected.algorithm(), HexFormat.of().formatHex(hash)),
                    count);
        }
    }
}

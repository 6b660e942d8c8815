package dev.dockertag.registry.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A content digest such as {@code sha256:2c26b4...}. Only sha256 and sha512 are accepted, the two algorithms the OCI
 * image spec registers.
 */
public record Digest(String algorithm, String hex) {

    private static final Pattern SHA256 = Pattern.compile("[a-f0-9]{64}");
    private static final Pattern SHA512 = Pattern.compile("[a-f0-9]{128}");

    public Digest {
        Pattern hexPattern = switch (algorithm) {
            case "sha256" -> SHA256;
            case "sha512" -> SHA512;
            default ->
                throw new IllegalArgumentException(
                        "invalid digest '" + algorithm + ":" + hex + "': algorithm must be sha256 or sha512");
        };
        if (!hexPattern.matcher(hex).matches()) {
            throw new IllegalArgumentException("invalid digest '" + algorithm + ":" + hex + "': expected "
                    + (algorithm.equals("sha256") ? 64 : 128) + " lower-case hex characters");
        }
    }

    /** Parses {@code algorithm:hex}; throws {@link IllegalArgumentException} naming the bad value. */
    public static Digest parse(String value) {
        int colon = value == null ? -1 : value.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("invalid digest '" + value + "': expected sha256:<64 hex characters>");
        }
        return new Digest(value.substring(0, colon), value.substring(colon + 1));
    }

    /** True when the value looks like a digest (has an algorithm prefix), as opposed to a tag. */
    public static boolean isDigest(String reference) {
        return reference != null && reference.contains(":");
    }

    public static Digest sha256(byte[] content) {
        return new Digest("sha256", HexFormat.of().formatHex(newSha256().digest(content)));
    }

    public static Digest sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return sha256(in);
        }
    }

    /** The sha256 of everything left in the stream (which is read to its end, not closed). */
    public static Digest sha256(InputStream in) throws IOException {
        MessageDigest md = newSha256();
        byte[] buffer = new byte[128 * 1024];
        for (int n; (n = in.read(buffer)) > 0; ) {
            md.update(buffer, 0, n);
        }
        return new Digest("sha256", HexFormat.of().formatHex(md.digest()));
    }

    /** A fresh hasher for this digest's algorithm. */
    public MessageDigest newHasher() {
        try {
            return MessageDigest.getInstance(algorithm.equals("sha256") ? "SHA-256" : "SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** True when {@code hash} (the output of {@link #newHasher()}) matches this digest. */
    public boolean matches(byte[] hash) {
        return hex.equals(HexFormat.of().formatHex(hash));
    }

    /** A fresh SHA-256 hasher; {@link #sha256Of} turns its result into a digest. */
    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The digest whose SHA-256 hash is {@code hash}. */
    public static Digest sha256Of(byte[] hash) {
        return new Digest("sha256", HexFormat.of().formatHex(hash));
    }

    /** The encoded form, also used as a blob's file name in an OCI layout ({@code blobs/<algorithm>/<hex>}). */
    @Override
    public String toString() {
        return algorithm + ":" + hex;
    }
}

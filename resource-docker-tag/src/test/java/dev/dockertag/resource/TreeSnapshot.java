package dev.dockertag.resource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A directory tree as a comparable list of lines: path, type, mode, owner, content hash or link target, and which
 * earlier path a hard link shares its inode with. Times are left out: they are the one thing runtimes legitimately
 * differ on.
 */
final class TreeSnapshot {

    private TreeSnapshot() {}

    static List<String> of(Path root) {
        List<String> lines = new ArrayList<>();
        Map<Object, String> firstPathOfInode = new HashMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted().toList()) {
                if (p.equals(root)) {
                    continue;
                }
                String rel = root.relativize(p).toString();
                Map<String, Object> a =
                        Files.readAttributes(p, "unix:mode,uid,gid,ino,nlink", LinkOption.NOFOLLOW_LINKS);
                String owner = a.get("uid") + ":" + a.get("gid");
                String mode = Integer.toOctalString((Integer) a.get("mode") & 07777);
                if (Files.isSymbolicLink(p)) {
                    lines.add(rel + " link -> " + Files.readSymbolicLink(p) + " " + owner);
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    lines.add(rel + " dir " + mode + " " + owner);
                } else {
                    String hardLink = "";
                    if ((Integer) a.get("nlink") > 1) {
                        String first = firstPathOfInode.putIfAbsent(a.get("ino"), rel);
                        hardLink = first == null ? "" : " same-inode-as " + first;
                    }
                    lines.add(rel + " file " + mode + " " + owner + " " + sha256(p) + hardLink);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)))
                    .substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.dockertag.registry.rootfs;

import io.airlift.compress.MalformedInputException;
import io.airlift.compress.zstd.ZstdInputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Applies image layers (tar, gzip'd or zstd'd tar, told apart by their first bytes, not their media type) to a root
 * filesystem the way a container runtime sees them: whiteouts ({@code .wh.<name>}) delete what lower layers made,
 * opaque markers ({@code .wh..wh..opq}) hide a directory's lower contents, symlinks, hard links, modes (with
 * setuid/setgid/sticky), times, and ownership when running as root. Device nodes and fifos are skipped, as an
 * unprivileged runtime would.
 *
 * <p>It never creates or changes anything outside the root: entries with {@code ..} or an absolute path are refused,
 * and the directories of an entry are resolved like a chroot would resolve them, following symlinks inside the root and
 * refusing those that lead out of it. The layer is read as a stream; nothing is held in memory but one copy buffer.
 *
 * <p>Spec: https://github.com/opencontainers/image-spec/blob/main/layer.md
 *
 * <p>Longer than this project's files usually are (about 390 lines), on purpose: every entry passes the same
 * confinement checks before anything is written, and a reviewer should see all of them and every write they guard on
 * one page rather than across classes.
 */
public final class LayerApplier {

    private static final Pattern ROOT_ENTRY = Pattern.compile("[/.]*");

    private static final String WHITEOUT = ".wh.";
    private static final String OPAQUE = ".wh..wh..opq";
    private static final int MAX_SYMLINKS = 40;

    /** What one layer did. */
    public record Applied(int entries, int whiteouts, int skippedDevices) {}

    private final Path root;
    private final boolean chown;

    /**
     * @param root the root filesystem directory; created if missing
     * @param chown set file owners from the layer (only possible as root)
     */
    public LayerApplier(Path root, boolean chown) throws IOException {
        Files.createDirectories(root);
        this.root = root.toRealPath();
        this.chown = chown;
    }

    /** True when this process may set file owners. */
    public static boolean runningAsRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Applies one layer, uncompressed or gzip'd (told apart by content, not media type: archives mislabel them).
     * {@code name} is used in messages only.
     */
    public Applied apply(InputStream layer, String name) throws IOException {
        InputStream in = decompressed(new BufferedInputStream(layer, 256 * 1024), name);
        Set<Path> madeByThisLayer = new HashSet<>();
        List<Runnable> directoryFixups = new ArrayList<>();
        int entries = 0;
        int whiteouts = 0;
        int skipped = 0;
        TarArchiveInputStream tar = new TarArchiveInputStream(in);
        for (TarArchiveEntry entry; (entry = nextEntry(tar)) != null; ) {
            entries++;
            Outcome outcome;
            try {
                outcome = applyEntry(tar, entry, name, madeByThisLayer, directoryFixups);
            } catch (FileSystemException e) {
                throw new IOException(name + ": entry '" + entry.getName() + "': " + reason(e), e);
            }
            whiteouts += outcome == Outcome.WHITEOUT ? 1 : 0;
            skipped += outcome == Outcome.SKIPPED_DEVICE ? 1 : 0;
        }
        // Directory modes last, deepest first: a read-only directory must not block its own children.
        for (int i = directoryFixups.size() - 1; i >= 0; i--) {
            directoryFixups.get(i).run();
        }
        return new Applied(entries, whiteouts, skipped);
    }

    /** A file system error in the image's own terms: the reason, and the path inside the root. */
    private String reason(FileSystemException e) {
        String reason = e.getReason() == null ? e.getClass().getSimpleName() : e.getReason();
        if (e.getFile() == null) {
            return reason;
        }
        Path file = Path.of(e.getFile());
        return (file.startsWith(root) ? "/" + root.relativize(file) : file.getFileName()) + ": " + reason;
    }

    /** What applying one entry came to. */
    private enum Outcome {
        WRITTEN,
        WHITEOUT,
        SKIPPED_DEVICE,
        IGNORED
    }

    /** Applies one entry. */
    private Outcome applyEntry(
            TarArchiveInputStream tar,
            TarArchiveEntry entry,
            String name,
            Set<Path> madeByThisLayer,
            List<Runnable> directoryFixups)
            throws IOException {
        List<String> parts = entryPath(entry.getName(), name);
        if (parts.isEmpty()) {
            return Outcome.IGNORED; // "./": the root itself keeps the destination's mode
        }
        String base = parts.get(parts.size() - 1);
        Path parent = resolveDirectory(parts.subList(0, parts.size() - 1), entry.getName(), name);
        requireDirectories(parent, entry.getName(), name);
        if (base.equals(OPAQUE)) {
            clearLowerContents(parent, madeByThisLayer);
            return Outcome.WHITEOUT;
        }
        if (base.startsWith(WHITEOUT)) {
            String hidden = base.substring(WHITEOUT.length());
            if (hidden.equals("..") || hidden.equals(".")) {
                throw new LayerRejectedException(name + ": whiteout '" + entry.getName() + "' names '" + hidden
                        + "'; refusing to delete outside its directory");
            }
            if (hidden.startsWith(".wh.") || hidden.isEmpty()) {
                return Outcome.IGNORED; // .wh..wh.* other than the opaque marker is aufs bookkeeping
            }
            deleteRecursively(parent.resolve(hidden));
            return Outcome.WHITEOUT;
        }
        Path target = parent.resolve(base);
        if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
            return Outcome.SKIPPED_DEVICE;
        }
        if (entry.isDirectory()) {
            if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                deleteRecursively(target);
                Files.createDirectories(target);
            }
            madeByThisLayer.add(target);
            TarArchiveEntry dir = entry;
            directoryFixups.add(() -> setAttributes(target, dir, false));
            return Outcome.WRITTEN;
        }
        Files.createDirectories(parent);
        deleteRecursively(target);
        madeByThisLayer.add(target);
        if (entry.isSymbolicLink()) {
            Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
            setAttributes(target, entry, true);
        } else if (entry.isLink()) {
            Path existing = resolveHardLinkTarget(entry.getLinkName(), entry.getName(), name);
            Files.createLink(target, existing);
        } else if (entry.isFile()) {
            Files.copy(tar, target);
            setAttributes(target, entry, false);
        } else {
            throw new LayerRejectedException(
                    name + ": entry '" + entry.getName() + "' has a tar entry type this tool cannot apply");
        }
        return Outcome.WRITTEN;
    }

    /**
     * Refuses an entry whose directory runs through something that is not one: a file (or a device, or a link to a
     * file) that an earlier entry put where this one needs a directory, e.g. {@code f} then {@code f/x}.
     */
    private void requireDirectories(Path dir, String entryName, String layer) {
        Path here = root;
        for (Path part : root.relativize(dir)) {
            if (part.toString().isEmpty()) {
                continue;
            }
            here = here.resolve(part);
            if (!Files.exists(here, LinkOption.NOFOLLOW_LINKS)) {
                return; // made as a directory below
            }
            if (!Files.isDirectory(here)) {
                throw new LayerRejectedException(layer + ": entry '" + entryName + "' lies under '/"
                        + root.relativize(here) + "', which is not a directory in the image");
            }
        }
    }

    /**
     * The next entry, or null at the end. umoci 0.4 ends a layer right after the last file's data, with neither its
     * padding to 512 bytes nor the two zero blocks that close an archive; Go's archive/tar (docker, containerd, umoci
     * itself) reads that as the end, and so does this. The last entry's own data was read in full before (a short file
     * still fails while it is copied).
     */
    private static TarArchiveEntry nextEntry(TarArchiveInputStream tar) throws IOException {
        try {
            return tar.getNextEntry();
        } catch (IOException e) {
            if ("Truncated TAR archive".equals(e.getMessage())) {
                return null;
            }
            throw e;
        }
    }

    private static InputStream decompressed(BufferedInputStream in, String name) throws IOException {
        in.mark(4);
        byte[] magic = in.readNBytes(4);
        in.reset();
        if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
            return new Unreadable(new GZIPInputStream(in, 64 * 1024), name + ": the gzip stream is damaged");
        }
        if (magic.length == 4
                && (magic[0] & 0xff) == 0x28
                && (magic[1] & 0xff) == 0xb5
                && (magic[2] & 0xff) == 0x2f
                && (magic[3] & 0xff) == 0xfd) {
            return new Unreadable(new ZstdInputStream(in), name + ": the zstd stream is damaged");
        }
        return new Unreadable(in, name + ": the tar cannot be read");
    }

    /**
     * A layer's bytes, whose read failures (a damaged compressed stream, a broken transfer) name the layer and what was
     * wrong with it, instead of the decompressor's bare "Not enough input bytes".
     */
    private static final class Unreadable extends BufferedInputStream {
        private final String what;

        Unreadable(InputStream in, String what) {
            super(in, 256 * 1024);
            this.what = what;
        }

        @Override
        public synchronized int read() throws IOException {
            try {
                return super.read();
            } catch (IOException | MalformedInputException e) {
                throw failure(e);
            }
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException | MalformedInputException e) {
                throw failure(e);
            }
        }

        @Override
        public synchronized long skip(long n) throws IOException {
            try {
                return super.skip(n);
            } catch (IOException | MalformedInputException e) {
                throw failure(e);
            }
        }

        private IOException failure(Exception e) {
            return new IOException(what + " (" + e.getMessage() + ")", e);
        }
    }

    /**
     * The components of an entry name, refusing absolute paths and {@code ..}. The root itself ({@code /}, as
     * {@code umoci insert ... /} writes it, or {@code ./}) has no components.
     */
    static List<String> entryPath(String entryName, String layer) {
        if (entryName.startsWith("/") && !ROOT_ENTRY.matcher(entryName).matches()) {
            throw new LayerRejectedException(layer + ": entry '" + entryName
                    + "' has an absolute path; refusing to write outside the destination");
        }
        List<String> parts = new ArrayList<>();
        for (String part : entryName.split("/")) {
            if (part.equals("..")) {
                throw new LayerRejectedException(
                        layer + ": entry '" + entryName + "' contains '..'; refusing to write outside the destination");
            }
            if (!part.isEmpty() && !part.equals(".")) {
                parts.add(part);
            }
        }
        return parts;
    }

    /**
     * The real directory for an entry's parent components, following symlinks inside the root as a chroot would (an
     * absolute link target starts again at the root). A link that leads above the root is refused. Components that do
     * not exist yet are returned as they are (created later).
     */
    private Path resolveDirectory(List<String> components, String entryName, String layer) throws IOException {
        Deque<String> todo = new ArrayDeque<>(components);
        List<String> resolved = new ArrayList<>();
        int links = 0;
        while (!todo.isEmpty()) {
            String part = todo.removeFirst();
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (resolved.isEmpty()) {
                    throw new LayerRejectedException(layer + ": entry '" + entryName
                            + "' goes through a symlink that points outside the destination; refusing it");
                }
                resolved.remove(resolved.size() - 1);
                continue;
            }
            Path here = join(resolved).resolve(part);
            if (Files.isSymbolicLink(here)) {
                if (++links > MAX_SYMLINKS) {
                    throw new LayerRejectedException(
                            layer + ": entry '" + entryName + "' goes through more than " + MAX_SYMLINKS + " symlinks");
                }
                String linkTarget = Files.readSymbolicLink(here).toString();
                if (linkTarget.startsWith("/")) {
                    resolved.clear();
                }
                String[] targetParts = linkTarget.split("/");
                for (int i = targetParts.length - 1; i >= 0; i--) {
                    todo.addFirst(targetParts[i]);
                }
                continue;
            }
            resolved.add(part);
        }
        return join(resolved);
    }

    private Path join(List<String> resolved) {
        Path p = root;
        for (String part : resolved) {
            p = p.resolve(part);
        }
        return p;
    }

    private Path resolveHardLinkTarget(String linkName, String entryName, String layer) throws IOException {
        if (linkName.startsWith("/")) {
            throw new LayerRejectedException(layer + ": hard link '" + entryName + "' points at the absolute path '"
                    + linkName + "'; a hard link names a file of the layer by a relative path");
        }
        List<String> parts = entryPath(linkName, layer);
        if (parts.isEmpty()) {
            throw new LayerRejectedException(layer + ": hard link '" + entryName + "' points at the root");
        }
        Path dir = resolveDirectory(parts.subList(0, parts.size() - 1), entryName, layer);
        Path target = dir.resolve(parts.get(parts.size() - 1));
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS) || Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new LayerRejectedException(layer + ": hard link '" + entryName + "' points at '" + linkName
                    + "', which is not a file in the image");
        }
        return target;
    }

    private void clearLowerContents(Path dir, Set<Path> madeByThisLayer) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<Path> lower = new ArrayList<>();
        List<Path> keptDirectories = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
            for (Path child : children) {
                if (!madeByThisLayer.contains(child)) {
                    lower.add(child);
                } else if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                    keptDirectories.add(child); // re-declared here, but what lower layers put in it is hidden
                }
            }
        }
        for (Path child : lower) {
            deleteRecursively(child);
        }
        for (Path child : keptDirectories) {
            clearLowerContents(child, madeByThisLayer);
        }
    }

    /** Deletes a path and, for a real directory, everything in it; symlinks are removed, never followed. */
    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            Files.delete(path);
            return;
        }
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private void setAttributes(Path path, TarArchiveEntry entry, boolean symlink) {
        if (!symlink
                && !Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)
                && !Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            return; // replaced by a symlink later in the layer: never chmod through it
        }
        try {
            if (chown) {
                Files.setAttribute(path, "unix:uid", (int) entry.getLongUserId(), LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(path, "unix:gid", (int) entry.getLongGroupId(), LinkOption.NOFOLLOW_LINKS);
            }
            if (!symlink) {
                Files.setAttribute(path, "unix:mode", entry.getMode() & 07777);
                Files.setLastModifiedTime(
                        path, FileTime.from(entry.getLastModifiedDate().toInstant()));
            }
        } catch (IOException e) {
            throw new LayerRejectedException(
                    "cannot set the attributes of " + root.relativize(path) + ": " + e.getMessage(), e);
        }
    }
}

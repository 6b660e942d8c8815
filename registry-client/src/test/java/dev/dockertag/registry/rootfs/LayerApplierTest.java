package dev.dockertag.registry.rootfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerApplierTest {

    @TempDir
    Path work;

    Path root;
    Path outside;
    LayerApplier applier;

    @BeforeEach
    void setUp() throws IOException {
        root = work.resolve("rootfs");
        outside = Files.createDirectories(work.resolve("outside"));
        applier = new LayerApplier(root, LayerApplier.runningAsRoot());
    }

    /** A layer built entry by entry, as a container build would write it. */
    static final class Layer {
        private final List<Consumer<TarArchiveOutputStream>> entries = new ArrayList<>();

        Layer dir(String name, int mode) {
            return add(name, TarConstants.LF_DIR, mode, null, new byte[0]);
        }

        Layer file(String name, String content, int mode) {
            return add(name, TarConstants.LF_NORMAL, mode, null, content.getBytes(StandardCharsets.UTF_8));
        }

        Layer owned(String name, String content, int uid, int gid) {
            entries.add(tar -> put(
                    tar,
                    entry(name, TarConstants.LF_NORMAL, 0640, null, uid, gid),
                    content.getBytes(StandardCharsets.UTF_8)));
            return this;
        }

        Layer symlink(String name, String target) {
            return add(name, TarConstants.LF_SYMLINK, 0777, target, new byte[0]);
        }

        Layer hardlink(String name, String target) {
            return add(name, TarConstants.LF_LINK, 0644, target, new byte[0]);
        }

        Layer fifo(String name) {
            return add(name, TarConstants.LF_FIFO, 0644, null, new byte[0]);
        }

        private Layer add(String name, byte type, int mode, String link, byte[] content) {
            entries.add(tar -> put(tar, entry(name, type, mode, link, 0, 0), content));
            return this;
        }

        private static TarArchiveEntry entry(String name, byte type, int mode, String link, int uid, int gid) {
            TarArchiveEntry e = new TarArchiveEntry(name, type, true);
            e.setMode(mode);
            if (link != null) {
                e.setLinkName(link);
            }
            e.setUserId(uid);
            e.setGroupId(gid);
            return e;
        }

        private static void put(TarArchiveOutputStream tar, TarArchiveEntry e, byte[] content) {
            try {
                e.setSize(e.isFile() ? content.length : 0);
                tar.putArchiveEntry(e);
                if (e.isFile()) {
                    tar.write(content);
                }
                tar.closeArchiveEntry();
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }

        byte[] tar() throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                entries.forEach(e -> e.accept(tar));
            }
            return bytes.toByteArray();
        }

        byte[] gzip() throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
                gz.write(tar());
            }
            return bytes.toByteArray();
        }
    }

    private LayerApplier.Applied apply(Layer layer) throws IOException {
        return applier.apply(new ByteArrayInputStream(layer.tar()), "test layer");
    }

    private int mode(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    }

    @Test
    void writesFilesDirectoriesLinksAndModesIncludingSetuid() throws IOException {
        applier.apply(
                new ByteArrayInputStream(new Layer()
                        .dir("./", 0755)
                        .dir("./usr/", 0755)
                        .dir("usr/bin/", 0755)
                        .file("usr/bin/tool", "#!/bin/sh\n", 04755)
                        .symlink("bin", "usr/bin")
                        .hardlink("usr/bin/tool-again", "usr/bin/tool")
                        .dir("readonly/", 0555)
                        .file("readonly/inside", "x", 0444)
                        .fifo("dev-pipe")
                        .gzip()),
                "gzip layer");

        assertThat(root.resolve("usr/bin/tool")).hasContent("#!/bin/sh");
        assertThat(mode(root.resolve("usr/bin/tool"))).isEqualTo(04755);
        assertThat(Files.readSymbolicLink(root.resolve("bin"))).isEqualTo(Path.of("usr/bin"));
        assertThat(Files.isSameFile(root.resolve("usr/bin/tool"), root.resolve("usr/bin/tool-again")))
                .isTrue();
        assertThat(mode(root.resolve("readonly"))).isEqualTo(0555);
        assertThat(root.resolve("readonly/inside")).hasContent("x");
        assertThat(root.resolve("dev-pipe")).doesNotExist();
    }

    @Test
    void setsOwnersWhenRunningAsRoot() throws IOException {
        assumeTrue(LayerApplier.runningAsRoot(), "ownership is only applied as root");
        apply(new Layer().owned("etc-shadow", "secret", 0, 42).symlink("link", "etc-shadow"));

        assertThat(Files.getAttribute(root.resolve("etc-shadow"), "unix:gid")).isEqualTo(42);
        assertThat(mode(root.resolve("etc-shadow"))).isEqualTo(0640);
    }

    @Test
    void whiteoutDeletesWhatALowerLayerMade() throws IOException {
        apply(new Layer()
                .dir("etc/", 0755)
                .file("etc/keep", "k", 0644)
                .file("etc/gone", "g", 0644)
                .dir("var/cache/", 0755)
                .file("var/cache/big", "b", 0644));
        LayerApplier.Applied applied =
                apply(new Layer().file("etc/.wh.gone", "", 0644).file("var/.wh.cache", "", 0644));

        assertThat(root.resolve("etc/keep")).exists();
        assertThat(root.resolve("etc/gone")).doesNotExist();
        assertThat(root.resolve("var/cache")).doesNotExist();
        assertThat(root.resolve("etc/.wh.gone")).doesNotExist();
        assertThat(applied.whiteouts()).isEqualTo(2);
    }

    @Test
    void opaqueDirectoryHidesLowerContentsButKeepsThisLayers() throws IOException {
        apply(new Layer()
                .dir("app/", 0755)
                .file("app/old", "o", 0644)
                .dir("app/sub/", 0755)
                .file("app/sub/old", "o", 0644));
        apply(new Layer()
                .dir("app/", 0755)
                .file("app/new", "n", 0644)
                .dir("app/sub/", 0755)
                .file("app/.wh..wh..opq", "", 0644));

        assertThat(root.resolve("app/new")).hasContent("n");
        assertThat(root.resolve("app/old")).doesNotExist();
        assertThat(root.resolve("app/sub")).isDirectory();
        assertThat(root.resolve("app/sub/old")).doesNotExist();
    }

    @Test
    void aFileReplacesADirectoryAndADirectoryReplacesASymlink() throws IOException {
        apply(new Layer().dir("x/", 0755).file("x/inner", "i", 0644).symlink("d", "/elsewhere"));
        apply(new Layer().file("x", "now a file", 0644).dir("d/", 0755).file("d/f", "f", 0644));

        assertThat(root.resolve("x")).isRegularFile().hasContent("now a file");
        assertThat(Files.isSymbolicLink(root.resolve("d"))).isFalse();
        assertThat(root.resolve("d/f")).hasContent("f");
    }

    @Test
    void anAbsoluteSymlinkIsResolvedInsideTheRootLikeAChroot() throws IOException {
        Files.writeString(outside.resolve("passwd"), "host file");
        apply(new Layer().dir("real-etc/", 0755).symlink("etc", "/real-etc"));
        apply(new Layer().file("etc/passwd", "image file", 0644));

        assertThat(root.resolve("real-etc/passwd")).hasContent("image file");
        assertThat(outside.resolve("passwd")).hasContent("host file");
    }

    @Test
    void refusesDotDot() {
        assertThatThrownBy(() -> apply(new Layer().file("../outside/evil", "x", 0644)))
                .isInstanceOf(LayerRejectedException.class)
                .hasMessage(
                        "test layer: entry '../outside/evil' contains '..'; refusing to write outside the destination");
        assertThat(outside).isEmptyDirectory();
    }

    @Test
    void theRootEntryUmociWritesIsTheRootItself() throws IOException {
        // `umoci insert --image x:t rootfs/ /` writes a first entry named "/" before the relative ones
        apply(new Layer().dir("/", 0755).dir("etc/", 0755).file("etc/banana-release", "ripe", 0644));

        assertThat(root.resolve("etc/banana-release")).hasContent("ripe");
        assertThatThrownBy(() -> apply(new Layer().file("/..", "x", 0644)))
                .isInstanceOf(LayerRejectedException.class)
                .hasMessage("test layer: entry '/..' contains '..'; refusing to write outside the destination");
    }

    @Test
    void aLayerEndingRightAfterItsLastFilesDataIsComplete() throws IOException {
        // umoci 0.4 writes no padding after the last file and no end-of-archive blocks
        byte[] whole =
                new Layer().dir("etc/", 0755).file("etc/hi", "hi\n", 0644).tar();
        byte[] asUmociWritesIt = Arrays.copyOf(whole, 512 + 512 + 3);

        applier.apply(new ByteArrayInputStream(asUmociWritesIt), "test layer");

        assertThat(root.resolve("etc/hi")).hasContent("hi\n");
        byte[] cutInsideTheData = Arrays.copyOf(whole, 512 + 512 + 2);
        assertThatThrownBy(() -> applier.apply(new ByteArrayInputStream(cutInsideTheData), "test layer"))
                .hasMessageContaining("Truncated TAR archive");
    }

    @Test
    void refusesAbsolutePaths() {
        assertThatThrownBy(() -> apply(new Layer().file("/tmp/evil", "x", 0644)))
                .isInstanceOf(LayerRejectedException.class)
                .hasMessage(
                        "test layer: entry '/tmp/evil' has an absolute path; refusing to write outside the destination");
    }

    @Test
    void refusesAPathThroughASymlinkThatLeadsOutside() throws IOException {
        Path relativeOut = root.relativize(outside);
        assertThatThrownBy(() -> apply(
                        new Layer().symlink("escape", relativeOut.toString()).file("escape/evil", "x", 0644)))
                .isInstanceOf(LayerRejectedException.class)
                .hasMessage(
                        "test layer: entry 'escape/evil' goes through a symlink that points outside the destination;"
                                + " refusing it");
        assertThat(outside).isEmptyDirectory();
    }

    @Test
    void refusesAHardLinkToAFileOutside() throws IOException {
        Files.writeString(outside.resolve("secret"), "s");
        assertThatThrownBy(() -> apply(new Layer().hardlink("stolen", "../outside/secret")))
                .isInstanceOf(LayerRejectedException.class)
                .hasMessageContaining("'../outside/secret' contains '..'");
        assertThat(root.resolve("stolen")).doesNotExist();
    }

    @Test
    void refusesAWhiteoutOfTheParentDirectory() {
        assertThatThrownBy(() -> apply(new Layer().dir("a/", 0755).file("a/.wh...", "", 0644)))
                .isInstanceOf(LayerRejectedException.class)
                .hasMessage("test layer: whiteout 'a/.wh...' names '..'; refusing to delete outside its directory");
        assertThat(root.resolve("a")).isDirectory();
    }

    @Test
    void unpacksAZstdLayerMadeByTheZstdToolLikeItsTar() throws IOException, InterruptedException {
        Layer layer = new Layer()
                .dir("etc/", 0755)
                .file("etc/app.conf", "mode=zstd\n", 0640)
                .symlink("etc/link", "app.conf");
        Path tar = outside.resolve("layer.tar");
        Files.write(tar, layer.tar());
        Process zstd = new ProcessBuilder("zstd", "-q", "-19", "-c", tar.toString())
                .redirectOutput(outside.resolve("layer.tar.zst").toFile())
                .start();
        assertThat(zstd.waitFor()).isZero();
        byte[] compressed = Files.readAllBytes(outside.resolve("layer.tar.zst"));

        applier.apply(new ByteArrayInputStream(compressed), "layer 2/3");

        assertThat(compressed).startsWith(0x28, 0xb5, 0x2f, 0xfd);
        assertThat(root.resolve("etc/app.conf")).hasContent("mode=zstd");
        assertThat(mode(root.resolve("etc/app.conf"))).isEqualTo(0640);
        assertThat(Files.readSymbolicLink(root.resolve("etc/link"))).isEqualTo(Path.of("app.conf"));
    }

    @Test
    void aDamagedZstdLayerFailsInsteadOfUnpackingPartOfIt() {
        byte[] notReallyZstd = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 0, 0, 0, 0};
        assertThatThrownBy(() -> applier.apply(new ByteArrayInputStream(notReallyZstd), "layer 2/3"))
                .isExactlyInstanceOf(IOException.class)
                .hasMessage("layer 2/3: the zstd stream is damaged (Not enough input bytes)");
        assertThat(root).isEmptyDirectory();
    }

    @Test
    void aTruncatedGzipLayerNamesTheLayerAndWhatIsWrong() throws IOException {
        byte[] whole = new Layer().file("a", "x".repeat(100_000), 0644).gzip();
        byte[] truncated = Arrays.copyOf(whole, whole.length / 2);

        assertThatThrownBy(() -> applier.apply(new ByteArrayInputStream(truncated), "layer 1/2"))
                .isExactlyInstanceOf(IOException.class)
                .hasMessage("layer 1/2: the gzip stream is damaged (Unexpected end of ZLIB input stream)");
    }
}

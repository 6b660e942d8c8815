package dev.dockertag.registry.archive;

import dev.dockertag.registry.BlobContent;
import dev.dockertag.registry.ProgressListener;
import dev.dockertag.registry.RepositoryClient;
import dev.dockertag.registry.image.Descriptor;
import dev.dockertag.registry.image.Digest;
import dev.dockertag.registry.image.ImageManifest;
import dev.dockertag.registry.image.Manifest;
import dev.dockertag.registry.image.MediaTypes;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A local image ready to push: its root manifest (an image manifest or a multi-platform index) and the blobs and child
 * manifests it references. Made by {@link ImageArchives#open}.
 */
public final class ImageSource implements Closeable {

    private final String description;
    private final Manifest root;
    private final BlobStore blobs;
    private final Closeable resource;
    private final boolean manifestMade;

    /**
     * @param manifestMade the root manifest was made here (a {@code docker save} tar has none), so its layers may be
     *     re-encoded: no digest the user was given changes
     */
    ImageSource(String description, Manifest root, BlobStore blobs, Closeable resource, boolean manifestMade) {
        this.description = description;
        this.root = root;
        this.blobs = blobs;
        this.resource = resource;
        this.manifestMade = manifestMade;
    }

    /** What was opened, for messages: {@code oci-archive /tmp/image.tar}. */
    public String description() {
        return description;
    }

    public Manifest root() {
        return root;
    }

    /**
     * The same image under another root manifest that references the same blobs and children, e.g. the root with
     * annotations added. The result shares (and closes) this source's resources.
     */
    public ImageSource withRoot(Manifest newRoot) {
        return new ImageSource(description, newRoot, blobs, resource, manifestMade);
    }

    /** The uncompressed layers {@link #withGzippedLayers} would compress; none for a manifest given by the user. */
    public List<Descriptor> uncompressedLayers() {
        if (!manifestMade || root.isIndex()) {
            return List.of();
        }
        return root.asImageManifest().layersOrEmpty().stream()
                .filter(layer -> MediaTypes.OCI_LAYER.equals(layer.mediaType()))
                .toList();
    }

    /**
     * Stores a layer's gzip stream, as {@code gzip} writes it, where the image is going (the repository:
     * {@link dev.dockertag.registry.RepositoryClient#pushStreamed}) and says what it stored. {@code gzip} may be
     * written more than once (a retried upload).
     */
    @FunctionalInterface
    public interface LayerStore {
        Descriptor store(RepositoryClient.StreamedBlob gzip) throws IOException;
    }

    /**
     * This image with its {@link #uncompressedLayers} gzip-compressed while {@code store} sends them on, as
     * {@code docker push} and skopeo store layers: a {@code docker save} tar holds them uncompressed, and pushing them
     * so stores, and makes every later pull move, every byte. Up to {@code threads} layers are compressed and stored at
     * once; each is checked against its digest as it is read, and {@code progress} is told the uncompressed bytes read.
     * The result's manifest references the stored gzip layers, whose bytes it does not keep (they are where
     * {@code store} put them; opening one is an error); the config, with its {@code diff_ids}, is unchanged.
     */
    public ImageSource withGzippedLayers(LayerStore store, int threads, ProgressListener progress) throws IOException {
        List<Descriptor> uncompressed = uncompressedLayers();
        if (uncompressed.isEmpty()) {
            return this;
        }
        ExecutorService pool =
                Executors.newFixedThreadPool(Math.max(1, Math.min(threads, uncompressed.size())), runnable -> {
                    Thread thread = new Thread(runnable, "layer-gzip");
                    thread.setDaemon(true);
                    return thread;
                });
        Map<String, Future<Descriptor>> compressed = new LinkedHashMap<>();
        try {
            for (Descriptor layer : uncompressed) {
                compressed.computeIfAbsent(
                        layer.digest(), d -> pool.submit(() -> store.store(out -> gzip(layer, out, progress))));
            }
            List<Descriptor> layers = new ArrayList<>();
            Map<Digest, Descriptor> stored = new LinkedHashMap<>();
            for (Descriptor layer : root.asImageManifest().layersOrEmpty()) {
                Future<Descriptor> done = compressed.get(layer.digest());
                Descriptor gzipped = done == null ? layer : done.get();
                layers.add(gzipped);
                if (done != null) {
                    stored.put(gzipped.parsedDigest(), layer);
                }
            }
            ImageManifest old = root.asImageManifest();
            Manifest newRoot = Manifest.of(new ImageManifest(
                    old.schemaVersion(),
                    old.mediaType(),
                    old.artifactType(),
                    old.config(),
                    layers,
                    old.subject(),
                    old.annotations()));
            BlobStore storeOrSource = digest -> stored.containsKey(digest)
                    ? Optional.of(storedElsewhere(digest, stored.get(digest)))
                    : blobs.find(digest);
            return new ImageSource(description, newRoot, storeOrSource, resource, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("compressing the layers of " + description + " was interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw new IOException(description + ": " + io.getMessage(), io);
            }
            if (e.getCause() instanceof UncheckedIOException io) {
                throw new IOException(description + ": " + io.getCause().getMessage(), io.getCause());
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private BlobContent storedElsewhere(Digest gzipped, Descriptor layer) {
        return new BlobContent() {
            @Override
            public InputStream open() throws IOException {
                throw new IOException(description + ": layer " + gzipped + " (gzip of " + layer.digest()
                        + ") was stored as it was compressed; its bytes are not kept");
            }

            @Override
            public long size() {
                return -1;
            }
        };
    }

    /** Writes {@code layer} gzip-compressed to {@code out}, checking it against its digest as it is read. */
    private void gzip(Descriptor layer, OutputStream out, ProgressListener progress) throws IOException {
        Digest expected = layer.parsedDigest();
        MessageDigest read = expected.newHasher();
        byte[] buffer = new byte[LayerGzip.PIECE];
        long done = 0;
        try (InputStream in = new DigestInputStream(blob(layer).open(), read);
                LayerGzip gzip = new LayerGzip(new BufferedOutputStream(out, LayerGzip.PIECE))) {
            for (int n; (n = in.readNBytes(buffer, 0, buffer.length)) > 0; ) {
                gzip.write(buffer, 0, n);
                done += n;
                progress.progress(expected, done, layer.size());
            }
            gzip.finish();
            if (!expected.matches(read.digest())) {
                throw new IOException("layer " + expected + " does not match its digest (its diff_id in the config):"
                        + " the archive is corrupt");
            }
        }
    }

    /** The bytes of a blob the image references; an error naming the archive when it is missing. */
    public BlobContent blob(Descriptor descriptor) {
        Digest digest = descriptor.parsedDigest();
        return blobs.find(digest)
                .orElseThrow(() -> new IllegalArgumentException(
                        description + " lacks blob " + digest + " (" + descriptor.mediaType() + ")"));
    }

    /** A child manifest of the root index, checked against its digest. */
    public Manifest manifest(Descriptor descriptor) {
        return readManifest(description, blobs, descriptor);
    }

    /** Reads a manifest blob from a store and checks it against the descriptor's digest. */
    static Manifest readManifest(String description, BlobStore blobs, Descriptor descriptor) {
        Digest digest = descriptor.parsedDigest();
        BlobContent content = blobs.find(digest)
                .orElseThrow(() -> new IllegalArgumentException(
                        description + " lacks manifest " + digest + " (" + descriptor.mediaType() + ")"));
        byte[] bytes;
        try (InputStream in = content.open()) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + digest + " from " + description, e);
        }
        Manifest manifest = Manifest.of(bytes, descriptor.mediaType());
        if (!manifest.digest().equals(digest)) {
            throw new IllegalArgumentException(description + ": manifest " + digest + " has digest " + manifest.digest()
                    + " (the archive is corrupt)");
        }
        return manifest;
    }

    @Override
    public void close() throws IOException {
        if (resource != null) {
            resource.close();
        }
    }
}

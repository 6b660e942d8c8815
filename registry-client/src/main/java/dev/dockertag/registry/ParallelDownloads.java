package dev.dockertag.registry;

import dev.dockertag.registry.image.Descriptor;
import dev.dockertag.registry.image.Digest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Downloads blobs into a scratch directory on a few threads at once, so that a caller can work on blob 1 (unpack a
 * layer) while blobs 2..n are still arriving. Every file is verified against its digest before {@link #await} hands it
 * out. Closing cancels what is still running and deletes the files.
 */
public final class ParallelDownloads implements AutoCloseable {

    private final RepositoryClient repo;
    private final Path scratch;
    private final ProgressListener progress;
    private final ExecutorService pool;
    private final Map<String, Future<Path>> started = new LinkedHashMap<>();

    /**
     * @param scratch an existing directory for the downloaded files
     * @param parallelism how many blobs are downloaded at once
     */
    public ParallelDownloads(RepositoryClient repo, Path scratch, int parallelism, ProgressListener progress) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
        }
        this.repo = repo;
        this.scratch = scratch;
        this.progress = progress;
        this.pool = Executors.newFixedThreadPool(parallelism, runnable -> {
            Thread t = new Thread(runnable, "blob-download");
            t.setDaemon(true);
            return t;
        });
    }

    /** Queues a blob (once, however often it is asked for). */
    public synchronized void start(Descriptor blob) {
        started.computeIfAbsent(
                blob.digest(),
                d -> pool.submit(() -> {
                    Digest digest = blob.parsedDigest();
                    Path file = scratch.resolve(digest.algorithm() + "-" + digest.hex());
                    repo.fetchBlob(digest, blob.size(), file, progress);
                    return file;
                }));
    }

    /** Waits for a blob queued with {@link #start} and returns its verified file. */
    public Path await(Descriptor blob) {
        Future<Path> future;
        synchronized (this) {
            future = started.get(blob.digest());
        }
        if (future == null) {
            throw new IllegalStateException("blob " + blob.digest() + " was never started");
        }
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException("download blob " + blob.digest(), 0, null, "interrupted", e);
        } catch (CancellationException e) {
            throw new RegistryException("download blob " + blob.digest(), 0, null, "cancelled", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new RegistryException(
                    "download blob " + blob.digest(), 0, null, String.valueOf(e.getCause()), e.getCause());
        }
    }

    /** Deletes a blob's file once the caller is done with it. */
    public void release(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
        synchronized (this) {
            started.values().forEach(f -> f.cancel(true));
        }
        try {
            pool.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (var files = Files.list(scratch)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // scratch cleanup is best effort: the caller deletes the scratch directory anyway
        }
    }
}

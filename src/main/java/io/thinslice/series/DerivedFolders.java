package io.thinslice.series;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Where derived series live and how one becomes visible. A version of a series is written into
 * {@code <staging>/<Series UID>/}, fsynced, and published by renaming that folder to {@code <published>/<Series UID>/}.
 * Readers of the published folders (the DICOMweb index) read under {@link #whileNoSwap}, so they see the previous
 * complete version or the new one, never a part of one and never neither (a swap of a folder that exists is two renames).
 * A stop at any point leaves only staging behind; {@link #recover()} removes it at start. Both folders are on the
 * storage file system, so the renames are atomic.
 */
public final class DerivedFolders {

    private static final Logger LOG = Logger.getLogger(DerivedFolders.class.getName());
    /** Suffix of a previous version moved aside by a swap; never a UID (UIDs are digits and dots). */
    private static final String RETIRED = ".retired";
    private static final String WITHDRAWN = ".withdrawn";

    private final Path published;
    private final Path staging;
    private final ReentrantReadWriteLock swap = new ReentrantReadWriteLock();

    /** @param published where complete series are served from; @param staging where versions are written (same file system) */
    public DerivedFolders(Path published, Path staging) {
        this.published = published;
        this.staging = staging;
    }

    /** The node's layout: {@code <root>/derived} and {@code <root>/derived-staging}. */
    public static DerivedFolders under(Path storageRoot) {
        return new DerivedFolders(storageRoot.resolve("derived"), storageRoot.resolve("derived-staging"));
    }

    public Path publishedRoot() {
        return published;
    }

    /** An empty staging folder for a new version of the series (what an earlier run left there is removed). */
    public Path stage(String seriesUid) throws IOException {
        Path dir = staging.resolve(seriesUid);
        SeriesFolders.delete(dir);
        return Files.createDirectories(dir);
    }

    /**
     * Makes the staged version the published one: its files and folder are fsynced first (so what becomes visible is on
     * disk), then it replaces the previous version, which is deleted afterwards. Returns the published folder.
     */
    public Path publish(String seriesUid) throws IOException {
        Path dir = staging.resolve(seriesUid);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
                    ch.force(true);
                }
            }
        }
        fsyncDirectory(dir);
        Files.createDirectories(published);
        Path target = published.resolve(seriesUid);
        Path previous = staging.resolve(seriesUid + RETIRED);
        SeriesFolders.delete(previous);
        swap.writeLock().lock();
        try {
            if (Files.exists(target)) {
                Files.move(target, previous, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(dir, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            swap.writeLock().unlock();
        }
        fsyncDirectory(published);
        fsyncDirectory(staging);
        SeriesFolders.delete(previous);
        return target;
    }

    /** Drops a staged version that will not be published (its run failed); the published one stays as it was. */
    public void discard(String seriesUid) throws IOException {
        SeriesFolders.delete(staging.resolve(seriesUid));
    }

    /** Withdraws a published series: it disappears at once (one rename), then its files are deleted. */
    public void delete(String seriesUid) throws IOException {
        Path target = published.resolve(seriesUid);
        Path withdrawn = staging.resolve(seriesUid + WITHDRAWN);
        SeriesFolders.delete(withdrawn);
        if (Files.exists(target)) {
            Files.createDirectories(staging);
            swap.writeLock().lock();
            try {
                Files.move(target, withdrawn, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                swap.writeLock().unlock();
            }
        }
        SeriesFolders.delete(withdrawn);
    }

    /**
     * At start, before anything is derived: a previous version that a stop caught between the two renames of a swap is
     * put back (its successor never became visible, and its run is resumed as unfinished); everything else in staging
     * (half-written versions, versions being deleted) is removed.
     */
    public void recover() throws IOException {
        Files.createDirectories(published);
        Files.createDirectories(staging);
        try (Stream<Path> s = Files.list(staging)) {
            for (Path d : s.toList()) {
                String name = d.getFileName().toString();
                if (name.endsWith(RETIRED) && !Files.exists(published.resolve(name.substring(0, name.length() - RETIRED.length())))) {
                    Files.move(d, published.resolve(name.substring(0, name.length() - RETIRED.length())), StandardCopyOption.ATOMIC_MOVE);
                    LOG.info("restored the previous version of derived series " + name + " (a stop interrupted its replacement)");
                } else {
                    SeriesFolders.delete(d);
                    LOG.info("removed staging leftover " + name + " (unfinished, replaced or being deleted when the node stopped)");
                }
            }
        }
    }

    /** Runs {@code read} while no version is being swapped in or withdrawn. */
    public <T> T whileNoSwap(Supplier<T> read) {
        swap.readLock().lock();
        try {
            return read.get();
        } finally {
            swap.readLock().unlock();
        }
    }

    private static void fsyncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some file systems cannot fsync a directory; the rename itself is still atomic.
        }
    }
}

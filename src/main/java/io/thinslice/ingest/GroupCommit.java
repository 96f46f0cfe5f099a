package io.thinslice.ingest;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Durable placement of received files with group commit: {@link #place} returns once the file's content and its
 * directory entry at the target are on disk, and many concurrent placements share the directory fsyncs.
 *
 * <p>Each caller fsyncs its own file on its own thread (callers run concurrently, so the file system's journal
 * joins their commits), then hands the atomic rename to one committer thread. The committer takes every placement
 * waiting at that moment, renames each, fsyncs each touched folder once and completes the callers' futures. A failure
 * fails only the placements it concerns: a file fsync or rename only its own caller, a folder fsync the callers whose
 * targets are in that folder (their renames are undone, so nothing unconfirmed stays at a target).
 *
 * <p>There is no lock around I/O. Placements of one target are serialised through a per-target claim: a file whose
 * target already exists (placed before, or by a concurrent placement that has just finished) is deleted and reported
 * as a duplicate, after the placement that put the target there is durable.
 */
public final class GroupCommit implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(GroupCommit.class.getName());

    /** The file-system calls the committer makes; tests substitute failures. */
    public interface Disk {
        /** fsync of a regular file's content and metadata. */
        void force(Path file) throws IOException;

        /** Atomic rename; the target does not exist. */
        void move(Path from, Path to) throws IOException;

        /** fsync of a folder, making the names created in it durable. */
        void forceDirectory(Path dir) throws IOException;
    }

    /** The real file system. */
    public static final Disk FILE_SYSTEM = new Disk() {
        @Override
        public void force(Path file) throws IOException {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
        }

        @Override
        public void move(Path from, Path to) throws IOException {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        }

        @Override
        public void forceDirectory(Path dir) throws IOException {
            FileChannel ch;
            try {
                ch = FileChannel.open(dir, StandardOpenOption.READ);
            } catch (NoSuchFileException e) {
                throw e;
            } catch (IOException e) {
                // Some platforms cannot open a folder as a file (Windows); there the rename is all there is. An error of
                // the fsync itself (below) is an I/O error and fails the placements.
                return;
            }
            try (ch) {
                ch.force(true);
            }
        }
    };

    private record Pending(Path file, Path target, CompletableFuture<Void> done) {
    }

    private final Disk disk;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    /** Targets being placed now; a second placement of the same target waits for the first. */
    private final Map<Path, CompletableFuture<Void>> claims = new ConcurrentHashMap<>();
    private final Thread committer;
    private volatile boolean closed;
    /** Put on the queue by {@link #close}: the committer stops after the placements before it. */
    private static final Pending STOP = new Pending(null, null, null);

    public GroupCommit(Disk disk) {
        this.disk = disk;
        this.committer = new Thread(this::commitLoop, "thinslice-group-commit");
        committer.setDaemon(true);
        committer.start();
    }

    /**
     * Moves {@code file} to {@code target} durably: on return both the content and the name are on disk. Returns
     * false, having deleted {@code file}, when {@code target} is already there (a duplicate). Throws when the file
     * cannot be placed; {@code file} is then left where it was (the caller deletes it) and nothing is at the target.
     */
    public boolean place(Path file, Path target) throws IOException {
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> other;
        while ((other = claims.putIfAbsent(target, mine)) != null) {
            // The same instance arriving on another association right now: its outcome decides whether this one is a
            // duplicate (it was placed) or must be placed (it failed and left nothing).
            await(other, true);
            claims.remove(target, other); // its placement is over (done or failed); its claim is stale
        }
        try {
            if (Files.exists(target)) {
                Files.deleteIfExists(file);
                mine.complete(null);
                return false;
            }
            disk.force(file);
            Pending p = new Pending(file, target, mine);
            if (closed) {
                throw new IOException("the spool is closed");
            }
            queue.add(p);
            if (closed && queue.remove(p)) {
                throw new IOException("the spool is closed");
            }
            await(mine, false);
            return true;
        } catch (IOException | RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            claims.remove(target, mine);
        }
    }

    /** Placements handed to the committer and not yet taken by it (for tests). */
    int queued() {
        return queue.size();
    }

    private static void await(CompletableFuture<Void> f, boolean ignoreFailure) throws IOException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    f.get();
                    return;
                } catch (InterruptedException e) {
                    // A placement in progress is finished, not abandoned: the committer may be renaming the file now.
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (ignoreFailure) {
                        return;
                    }
                    Throwable cause = e.getCause();
                    if (cause instanceof IOException io) {
                        throw new IOException(io.getMessage(), io);
                    }
                    if (cause instanceof RuntimeException re) {
                        throw re;
                    }
                    throw new IOException(cause);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Not interruptible on purpose: an interrupted FileChannel.force would close the channel and fail a whole batch. */
    private void commitLoop() {
        List<Pending> batch = new ArrayList<>();
        boolean stop = false;
        while (!stop) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                continue;
            }
            queue.drainTo(batch);
            stop = batch.remove(STOP);
            try {
                commit(batch);
            } catch (RuntimeException | Error e) {
                LOG.log(Level.SEVERE, "group commit failed", e);
                batch.forEach(p -> p.done().completeExceptionally(e));
            }
            batch.clear();
        }
        List<Pending> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(p -> p.done().completeExceptionally(new InterruptedIOException("the spool is closed")));
    }

    /** Renames every placement of the batch, then fsyncs each touched folder once. */
    void commit(List<Pending> batch) {
        Map<Path, List<Pending>> byFolder = new LinkedHashMap<>();
        for (Pending p : batch) {
            try {
                disk.move(p.file(), p.target());
                byFolder.computeIfAbsent(p.target().getParent(), d -> new ArrayList<>()).add(p);
            } catch (IOException | RuntimeException e) {
                p.done().completeExceptionally(e);
            }
        }
        for (Map.Entry<Path, List<Pending>> folder : byFolder.entrySet()) {
            try {
                disk.forceDirectory(folder.getKey());
                folder.getValue().forEach(p -> p.done().complete(null));
            } catch (IOException | RuntimeException e) {
                for (Pending p : folder.getValue()) {
                    undo(p);
                    p.done().completeExceptionally(e);
                }
            }
        }
    }

    /** A placement whose folder could not be made durable goes back, so a resend is placed again, not taken as a duplicate. */
    private void undo(Pending p) {
        try {
            disk.move(p.target(), p.file());
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(p.target());
            } catch (IOException | RuntimeException again) {
                LOG.severe("placement of " + p.target() + " failed and could not be undone: " + again);
            }
        }
    }

    /** Placements already handed over are committed; later ones fail. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        queue.add(STOP);
        try {
            committer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

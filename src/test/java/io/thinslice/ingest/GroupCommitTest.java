package io.thinslice.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Group commit on a real folder: batching of folder fsyncs, one copy per target, failures confined to their placements. */
class GroupCommitTest {

    @TempDir
    Path tmp;

    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    /** The real file system, counting calls; the first folder fsync can be held, and fsyncs can be made to fail. */
    private static final class CountingDisk implements GroupCommit.Disk {
        final List<Path> forcedFiles = Collections.synchronizedList(new ArrayList<>());
        final List<Path> forcedFolders = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch firstFolderFsyncEntered = new CountDownLatch(1);
        final CountDownLatch releaseFirstFolderFsync;
        volatile Predicate<Path> failFile = p -> false;
        volatile Predicate<Path> failFolder = p -> false;

        CountingDisk(boolean holdFirstFolderFsync) {
            releaseFirstFolderFsync = new CountDownLatch(holdFirstFolderFsync ? 1 : 0);
        }

        @Override
        public void force(Path file) throws IOException {
            forcedFiles.add(file);
            if (failFile.test(file)) {
                throw new IOException("fsync failed: " + file.getFileName());
            }
            GroupCommit.FILE_SYSTEM.force(file);
        }

        @Override
        public void move(Path from, Path to) throws IOException {
            GroupCommit.FILE_SYSTEM.move(from, to);
        }

        @Override
        public void forceDirectory(Path dir) throws IOException {
            forcedFolders.add(dir);
            firstFolderFsyncEntered.countDown();
            try {
                if (!releaseFirstFolderFsync.await(30, TimeUnit.SECONDS)) {
                    throw new IOException("never released");
                }
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            if (failFolder.test(dir)) {
                throw new IOException("folder fsync failed: " + dir.getFileName());
            }
            GroupCommit.FILE_SYSTEM.forceDirectory(dir);
        }
    }

    private Path received(String name, String content) throws IOException {
        Path incoming = Files.createDirectories(tmp.resolve("incoming"));
        return Files.writeString(incoming.resolve(name), content);
    }

    private Path folder(String name) throws IOException {
        return Files.createDirectories(tmp.resolve("series").resolve(name));
    }

    private Future<Boolean> placeLater(GroupCommit commit, Path file, Path target) {
        return threads.submit((Callable<Boolean>) () -> commit.place(file, target));
    }

    private static void awaitQueued(GroupCommit commit, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (commit.queued() < n) {
            assertTrue(System.nanoTime() < deadline, "only " + commit.queued() + " of " + n + " placements queued");
            Thread.sleep(5);
        }
    }

    @Test
    void aPlacedFileIsAtItsTargetAndASecondCopyIsADuplicate() throws Exception {
        CountingDisk disk = new CountingDisk(false);
        try (GroupCommit commit = new GroupCommit(disk)) {
            Path target = folder("1.2").resolve("1.2.3.dcm");
            Path first = received("a", "first");
            assertTrue(commit.place(first, target));
            assertFalse(Files.exists(first));
            assertEquals("first", Files.readString(target));
            assertEquals(List.of(first), disk.forcedFiles, "the file's content is fsynced before it is renamed");
            assertEquals(List.of(target.getParent()), disk.forcedFolders, "and its folder after");

            Path again = received("b", "second copy");
            assertFalse(commit.place(again, target), "the same instance again is a duplicate");
            assertFalse(Files.exists(again), "the duplicate copy is deleted");
            assertEquals("first", Files.readString(target), "the first copy is kept");
        }
    }

    @Test
    void placementsWaitingTogetherShareOneFolderFsyncPerFolder() throws Exception {
        CountingDisk disk = new CountingDisk(true);
        try (GroupCommit commit = new GroupCommit(disk)) {
            Path a = folder("1.1");
            Path b = folder("1.2");
            Future<Boolean> first = placeLater(commit, received("first", "x"), a.resolve("1.1.0.dcm"));
            assertTrue(disk.firstFolderFsyncEntered.await(30, TimeUnit.SECONDS));
            // While the committer is busy with the first batch, 20 more placements in two folders queue up.
            List<Future<Boolean>> later = new ArrayList<>();
            for (int i = 1; i <= 20; i++) {
                Path folder = i % 2 == 0 ? a : b;
                later.add(placeLater(commit, received("f" + i, "x" + i), folder.resolve(folder.getFileName() + "." + i + ".dcm")));
            }
            awaitQueued(commit, 20);
            assertFalse(first.isDone(), "no response before the folder fsync");
            disk.releaseFirstFolderFsync.countDown();
            assertTrue(first.get(30, TimeUnit.SECONDS));
            for (Future<Boolean> f : later) {
                assertTrue(f.get(30, TimeUnit.SECONDS));
            }
            assertEquals(21, disk.forcedFiles.size(), "every file fsynced");
            assertEquals(3, disk.forcedFolders.size(), "one folder fsync for the first batch, one per folder for the second: "
                    + disk.forcedFolders);
            try (var s = Files.list(a)) {
                assertEquals(11, s.count());
            }
            try (var s = Files.list(b)) {
                assertEquals(10, s.count());
            }
        }
    }

    @Test
    void manyThreadsSendingTheSameInstancesKeepEachOnceAndEachIsPlacedExactlyOnce() throws Exception {
        CountingDisk disk = new CountingDisk(false);
        try (GroupCommit commit = new GroupCommit(disk)) {
            int instances = 40;
            int senders = 6;
            List<Path> folders = List.of(folder("2.1"), folder("2.2"), folder("2.3"));
            CountDownLatch start = new CountDownLatch(1);
            AtomicInteger placed = new AtomicInteger();
            AtomicInteger duplicates = new AtomicInteger();
            List<Future<?>> runs = new ArrayList<>();
            for (int s = 0; s < senders; s++) {
                int sender = s;
                runs.add(threads.submit(() -> {
                    start.await();
                    for (int i = 0; i < instances; i++) {
                        Path target = folders.get(i % folders.size()).resolve("2." + i + ".dcm");
                        Path file = received("s" + sender + "-" + i, "instance " + i + " from sender " + sender);
                        if (commit.place(file, target)) {
                            placed.incrementAndGet();
                        } else {
                            duplicates.incrementAndGet();
                        }
                        assertFalse(Files.exists(file), "the received file left incoming either way");
                        assertTrue(Files.readString(target).startsWith("instance " + i + " from"), "a complete copy is at the target");
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> r : runs) {
                r.get(60, TimeUnit.SECONDS);
            }
            assertEquals(instances, placed.get(), "each instance placed once");
            assertEquals(instances * (senders - 1), duplicates.get());
            int kept = 0;
            for (Path f : folders) {
                try (var s = Files.list(f)) {
                    kept += (int) s.count();
                }
            }
            assertEquals(instances, kept);
            assertTrue(disk.forcedFolders.size() <= instances, "never more folder fsyncs than placements");
        }
    }

    @Test
    void aFailedFileFsyncFailsOnlyItsOwnPlacement() throws Exception {
        CountingDisk disk = new CountingDisk(false);
        try (GroupCommit commit = new GroupCommit(disk)) {
            Path folder = folder("3.1");
            Path bad = received("bad", "bad");
            disk.failFile = bad::equals;
            Future<Boolean> failing = placeLater(commit, bad, folder.resolve("3.1.1.dcm"));
            Future<Boolean> fine = placeLater(commit, received("good", "good"), folder.resolve("3.1.2.dcm"));
            ExecutionException e = assertThrows(ExecutionException.class, () -> failing.get(30, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof IOException, e.toString());
            assertTrue(fine.get(30, TimeUnit.SECONDS));
            assertTrue(Files.exists(bad), "a failed placement leaves the file where it was, for the caller to delete");
            assertFalse(Files.exists(folder.resolve("3.1.1.dcm")), "and nothing at its target");
            assertTrue(Files.exists(folder.resolve("3.1.2.dcm")));
        }
    }

    @Test
    void aFailedFolderFsyncFailsTheWaitersOfThatFolderOnlyAndUndoesTheirRenames() throws Exception {
        CountingDisk disk = new CountingDisk(true);
        try (GroupCommit commit = new GroupCommit(disk)) {
            Path good = folder("4.1");
            Path bad = folder("4.2");
            Future<Boolean> first = placeLater(commit, received("first", "x"), good.resolve("4.1.0.dcm"));
            assertTrue(disk.firstFolderFsyncEntered.await(30, TimeUnit.SECONDS));
            List<Path> badFiles = new ArrayList<>();
            List<Future<Boolean>> inGood = new ArrayList<>();
            List<Future<Boolean>> inBad = new ArrayList<>();
            for (int i = 1; i <= 6; i++) {
                Path file = received("f" + i, "x" + i);
                if (i % 2 == 0) {
                    inGood.add(placeLater(commit, file, good.resolve("4.1." + i + ".dcm")));
                } else {
                    badFiles.add(file);
                    inBad.add(placeLater(commit, file, bad.resolve("4.2." + i + ".dcm")));
                }
            }
            awaitQueued(commit, 6);
            disk.failFolder = bad::equals;
            disk.releaseFirstFolderFsync.countDown();
            assertTrue(first.get(30, TimeUnit.SECONDS));
            for (Future<Boolean> f : inGood) {
                assertTrue(f.get(30, TimeUnit.SECONDS), "placements in the other folder of the same batch succeed");
            }
            for (Future<Boolean> f : inBad) {
                assertThrows(ExecutionException.class, () -> f.get(30, TimeUnit.SECONDS));
            }
            try (var s = Files.list(bad)) {
                assertEquals(0, s.count(), "nothing unconfirmed stays at a target");
            }
            for (Path f : badFiles) {
                assertTrue(Files.exists(f), "renamed back: " + f);
            }
            // The sender sends one of them again once the disk is fine: it is placed, not taken for a duplicate.
            disk.failFolder = p -> false;
            assertTrue(commit.place(badFiles.get(0), bad.resolve("4.2.1.dcm")));
        }
    }

    @Test
    void aCopyWaitingForAFailingPlacementOfTheSameInstanceIsPlacedItself() throws Exception {
        CountingDisk disk = new CountingDisk(true);
        try (GroupCommit commit = new GroupCommit(disk)) {
            Path folder = folder("5.1");
            Path target = folder.resolve("5.1.1.dcm");
            disk.failFolder = p -> disk.forcedFolders.size() == 1;
            Future<Boolean> first = placeLater(commit, received("first", "first"), target);
            assertTrue(disk.firstFolderFsyncEntered.await(30, TimeUnit.SECONDS));
            Future<Boolean> second = placeLater(commit, received("second", "second"), target);
            Thread.sleep(100);
            assertFalse(second.isDone(), "the second copy waits for the first placement of its target");
            disk.releaseFirstFolderFsync.countDown();
            assertThrows(ExecutionException.class, () -> first.get(30, TimeUnit.SECONDS));
            assertTrue(second.get(30, TimeUnit.SECONDS), "the first failed and left nothing: the second copy is placed");
            assertEquals("second", Files.readString(target));
        }
    }

    @Test
    void afterCloseNothingIsPlaced() throws Exception {
        GroupCommit commit = new GroupCommit(new CountingDisk(false));
        commit.close();
        Path file = received("late", "late");
        assertThrows(IOException.class, () -> commit.place(file, folder("6.1").resolve("6.1.1.dcm")));
        assertTrue(Files.exists(file));
    }
}

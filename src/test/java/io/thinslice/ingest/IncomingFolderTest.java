package io.thinslice.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nodes sharing the storage: a node's start clears its own incoming folder, never another node's transfer in flight;
 * the folder of a node gone for longer than {@link IncomingFolder#ABANDONED_AFTER} (and files of the layout before
 * per-node folders) goes too.
 */
class IncomingFolderTest {

    @TempDir
    Path root;

    @Test
    void aStartLeavesAnotherNodesTransferInFlightAndRemovesOnlyWhatIsAbandoned() throws Exception {
        Instant now = Instant.now();
        Path mine = write(root.resolve("node-a/dimse-1/leftover.dcm"), now.minusSeconds(60));
        Path busy = write(root.resolve("node-b/dimse-7/arriving.dcm"), now.minusSeconds(5));
        Path busyOlder = write(root.resolve("node-b/stow-1.part"), now.minusSeconds(2 * 86400));
        Path gone = write(root.resolve("node-c/dimse-2/cut.dcm"), now.minusSeconds(2 * 86400));
        Path oldLayout = write(root.resolve("stow-9.part"), now.minusSeconds(2 * 86400));
        FileTime started = FileTime.from(now.minusSeconds(10));

        assertEquals(1, IncomingFolder.removeLeftovers(root.resolve("node-a"), started));
        assertEquals(2, IncomingFolder.removeAbandoned(root, "node-a", FileTime.from(now.minus(IncomingFolder.ABANDONED_AFTER))));

        assertFalse(Files.exists(mine));
        assertTrue(Files.exists(busy), "another node's transfer in flight");
        assertTrue(Files.exists(busyOlder), "an older file of a node that is still writing");
        assertFalse(Files.exists(gone.getParent().getParent()), "the folder of a node gone a day ago");
        assertFalse(Files.exists(oldLayout));
        assertTrue(Files.isDirectory(root.resolve("node-a")));
    }

    private static Path write(Path file, Instant modified) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "x");
        FileTime t = FileTime.from(modified);
        for (Path p = file; !p.equals(file.getRoot()) && p.getFileName() != null && !p.getFileName().toString().startsWith("junit"); p = p.getParent()) {
            Files.setLastModifiedTime(p, t);
        }
        return file;
    }
}

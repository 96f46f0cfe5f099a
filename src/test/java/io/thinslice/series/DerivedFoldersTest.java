package io.thinslice.series;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Staging, publication, withdrawal and recovery of derived series folders on a real file system. */
class DerivedFoldersTest {

    @TempDir
    Path root;

    @Test
    void aStagedVersionBecomesVisibleWholeAndReplacesThePreviousOne() throws IOException {
        DerivedFolders folders = DerivedFolders.under(root);
        write(folders.stage("1.2"), "a", "b");
        assertEquals(List.of(), names(root.resolve("derived")), "nothing visible before publication");
        Path published = folders.publish("1.2");
        assertEquals(root.resolve("derived").resolve("1.2"), published);
        assertEquals(List.of("a.dcm", "b.dcm"), names(published));

        write(folders.stage("1.2"), "c");
        assertEquals(List.of("a.dcm", "b.dcm"), names(published), "the previous version stays while the next is written");
        folders.publish("1.2");
        assertEquals(List.of("c.dcm"), names(published));
        assertEquals(List.of(), names(root.resolve("derived-staging")), "the previous version is deleted");
    }

    @Test
    void aDiscardedVersionLeavesThePublishedOneAsItWas() throws IOException {
        DerivedFolders folders = DerivedFolders.under(root);
        write(folders.stage("1.2"), "a");
        folders.publish("1.2");
        write(folders.stage("1.2"), "half");
        folders.discard("1.2");
        assertEquals(List.of("a.dcm"), names(root.resolve("derived").resolve("1.2")));
        assertEquals(List.of(), names(root.resolve("derived-staging")));
    }

    @Test
    void deleteWithdrawsAPublishedSeries() throws IOException {
        DerivedFolders folders = DerivedFolders.under(root);
        write(folders.stage("1.2"), "a");
        folders.publish("1.2");
        folders.delete("1.2");
        folders.delete("9.9"); // never published: nothing to do
        assertEquals(List.of(), names(root.resolve("derived")));
        assertEquals(List.of(), names(root.resolve("derived-staging")));
    }

    @Test
    void recoveryRemovesHalfWrittenVersionsAndRestoresOneCaughtMidSwap() throws IOException {
        // As a stop leaves them: a half-written series, and a swap between its two renames (old moved aside, new not in).
        write(Files.createDirectories(root.resolve("derived-staging").resolve("1.2")), "half");
        write(Files.createDirectories(root.resolve("derived-staging").resolve("3.4")), "new");
        write(Files.createDirectories(root.resolve("derived-staging").resolve("3.4.retired")), "old");
        // and a swap that completed but whose old version was not deleted yet
        write(Files.createDirectories(root.resolve("derived").resolve("5.6")), "current");
        write(Files.createDirectories(root.resolve("derived-staging").resolve("5.6.retired")), "older");

        DerivedFolders.under(root).recover();

        assertEquals(List.of("3.4", "5.6"), names(root.resolve("derived")));
        assertEquals(List.of("old.dcm"), names(root.resolve("derived").resolve("3.4")));
        assertEquals(List.of("current.dcm"), names(root.resolve("derived").resolve("5.6")));
        assertEquals(List.of(), names(root.resolve("derived-staging")));
        assertFalse(Files.exists(root.resolve("derived").resolve("1.2")));
        assertTrue(Files.isDirectory(root.resolve("derived-staging")));
    }

    private static void write(Path dir, String... names) throws IOException {
        for (String n : names) {
            Files.writeString(dir.resolve(n + ".dcm"), n);
        }
    }

    private static List<String> names(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}

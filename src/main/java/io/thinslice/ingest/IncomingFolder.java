package io.thinslice.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * {@code <storage>/incoming}: where the ways in (C-STORE, STOW-RS) write a file before the spool takes it. Nothing
 * there has been acknowledged; what a previous run left (a transfer cut by a stop or a crash) is deleted at start.
 */
final class IncomingFolder {

    private static final Logger LOG = Logger.getLogger(IncomingFolder.class.getName());

    private IncomingFolder() {
    }

    /**
     * Deletes what lies in {@code dir} (files and folders) and was last modified before {@code startedAt}: files of
     * this run, being written now, are newer. Returns how many files were deleted.
     */
    static int removeLeftovers(Path dir, FileTime startedAt) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        int files = 0;
        List<Path> all;
        try (Stream<Path> s = Files.walk(dir)) {
            all = s.filter(p -> !p.equals(dir)).sorted(Comparator.reverseOrder()).toList(); // children before folders
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        for (Path p : all) {
            try {
                if (Files.getLastModifiedTime(p).compareTo(startedAt) >= 0) {
                    continue;
                }
                boolean folder = Files.isDirectory(p);
                if (folder) {
                    try (Stream<Path> s = Files.list(p)) {
                        if (s.findAny().isPresent()) {
                            continue; // holds a file of this run
                        }
                    }
                }
                Files.deleteIfExists(p);
                if (!folder) {
                    files++;
                }
            } catch (IOException e) {
                LOG.warning("could not delete " + p + " from the incoming folder: " + e);
            }
        }
        if (files > 0) {
            int n = files;
            LOG.info(() -> "deleted " + n + " unacknowledged file(s) an earlier run left in " + dir);
        }
        return files;
    }
}

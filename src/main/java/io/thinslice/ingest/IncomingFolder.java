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
 * {@code <storage>/incoming} (with the shared job store {@code <storage>/incoming/<node name>}): where the ways in
 * (C-STORE, STOW-RS) write a file before the spool takes it. Nothing there has been acknowledged; what a previous run of
 * this node left (a transfer cut by a stop or a crash) is deleted at start. Nodes sharing the storage each have their
 * own folder, so a node's start never touches another's transfers in flight; the folder of a node that is gone (a pod's
 * name changes at every restart) is deleted once nothing in it has changed for {@link #ABANDONED_AFTER}.
 */
final class IncomingFolder {

    private static final Logger LOG = Logger.getLogger(IncomingFolder.class.getName());

    /**
     * How long nothing in another node's folder has changed before it counts as abandoned. A live transfer writes at
     * least every {@code thinslice.dicom.socket-timeout} (or is closed), a STOW-RS upload within its request; a day
     * also covers clock differences between the nodes and the shared file system.
     */
    static final java.time.Duration ABANDONED_AFTER = java.time.Duration.ofDays(1);

    private IncomingFolder() {
    }

    /**
     * Deletes what lies directly in {@code root} but is not {@code own} (other nodes' folders, files of the layout
     * before per-node folders) when nothing in it was modified after {@code before}. Returns how many files were
     * deleted.
     */
    static int removeAbandoned(Path root, String own, FileTime before) throws IOException {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        List<Path> entries;
        try (Stream<Path> s = Files.list(root)) {
            entries = s.filter(p -> !p.getFileName().toString().equals(own)).toList();
        }
        int files = 0;
        for (Path entry : entries) {
            try {
                if (newest(entry).compareTo(before) >= 0) {
                    continue; // a node still writing there
                }
                List<Path> all;
                try (Stream<Path> s = Files.walk(entry)) {
                    all = s.sorted(Comparator.reverseOrder()).toList(); // children before folders
                }
                for (Path p : all) {
                    boolean file = !Files.isDirectory(p);
                    if (Files.deleteIfExists(p) && file) {
                        files++;
                    }
                }
            } catch (IOException | UncheckedIOException e) {
                LOG.warning("could not delete " + entry + " from the incoming folder: " + e);
            }
        }
        if (files > 0) {
            int n = files;
            LOG.info(() -> "deleted " + n + " unacknowledged file(s) that nodes gone since left in " + root);
        }
        return files;
    }

    /** The latest modification time of {@code p} or anything under it. */
    private static FileTime newest(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            return s.map(f -> {
                try {
                    return Files.getLastModifiedTime(f);
                } catch (IOException e) {
                    return FileTime.fromMillis(Long.MAX_VALUE); // vanished or unreadable: leave it
                }
            }).max(FileTime::compareTo).orElse(FileTime.fromMillis(Long.MAX_VALUE));
        }
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

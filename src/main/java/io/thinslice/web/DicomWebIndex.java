package io.thinslice.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.runtime.StartupEvent;
import io.thinslice.dicom.DicomWebFiles;
import io.thinslice.ingest.StorageConfig;
import io.thinslice.series.DerivedFolders;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The instances the node serves over DICOMweb, in memory: every derived series under {@code <storage>/derived/}
 * and, with {@code thinslice.dicomweb.serve-sources}, the received series under {@code <storage>/series/}. Built
 * from disk at start and brought up to date (new files read, vanished files dropped) before each request, so it
 * needs no hook into the pipeline. Per instance it keeps the path and the attributes before Pixel Data (no
 * sequences, no binary values) as DICOM JSON.
 */
@ApplicationScoped
public class DicomWebIndex {

    private static final Logger LOG = Logger.getLogger(DicomWebIndex.class.getName());

    /** One served instance. */
    public record Entry(String study, String series, String sop, String sopClass, Path path, ObjectNode attributes, boolean derived) {
        public String string(String tag) {
            JsonNode v = attributes.path(tag).path("Value").path(0);
            if (v.isMissingNode() || v.isNull()) {
                return null;
            }
            return v.isObject() ? v.path("Alphabetic").asText(null) : v.asText();
        }
    }

    @Inject
    StorageConfig storage;
    @Inject
    DicomWebConfig config;
    @Inject
    DerivedFolders derivedFolders;

    private final Map<Path, Entry> byPath = new HashMap<>();
    private final Map<Path, Long> unreadable = new HashMap<>();
    /** Identity of each series folder read: a re-run publishes a new folder under the same name. */
    private final Map<Path, Object> folderKeys = new HashMap<>();

    void onStart(@Observes StartupEvent event) {
        refresh();
    }

    /** Every served instance, after bringing the index up to date. */
    public synchronized List<Entry> all() {
        refresh();
        return new ArrayList<>(byPath.values());
    }

    synchronized void refresh() {
        Path root = Path.of(storage.dir()).toAbsolutePath();
        Set<Path> seen = new HashSet<>();
        // Under the swap lock: a derived series being published or withdrawn is seen before or after, never half-way.
        derivedFolders.whileNoSwap(() -> {
            scan(derivedFolders.publishedRoot(), true, seen);
            return null;
        });
        if (config.serveSources()) {
            scan(root.resolve("series"), false, seen);
        }
        byPath.keySet().retainAll(seen);
        unreadable.keySet().retainAll(seen);
        Set<Path> folders = new HashSet<>();
        seen.forEach(f -> folders.add(f.getParent()));
        folderKeys.keySet().retainAll(folders);
    }

    private void scan(Path dir, boolean derived, Set<Path> seen) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> seriesDirs = Files.list(dir)) {
            for (Path seriesDir : seriesDirs.filter(Files::isDirectory).toList()) {
                // The inode with the folder's modification time: an inode number alone can be reused by a later version.
                BasicFileAttributes attributes = Files.readAttributes(seriesDir, BasicFileAttributes.class);
                Object key = attributes.fileKey() + "@" + attributes.lastModifiedTime();
                Object known = folderKeys.put(seriesDir, key);
                if (known != null && !known.equals(key)) {
                    // A new version replaced the folder: what was read from the old one no longer describes its files.
                    byPath.keySet().removeIf(f -> f.getParent().equals(seriesDir));
                    unreadable.keySet().removeIf(f -> f.getParent().equals(seriesDir));
                }
                try (Stream<Path> files = Files.list(seriesDir)) {
                    for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".dcm")).toList()) {
                        seen.add(f);
                        if (!byPath.containsKey(f)) {
                            read(f, derived);
                        }
                    }
                }
            }
        } catch (IOException e) {
            LOG.warning("cannot list " + dir + ": " + e);
        }
    }

    private void read(Path f, boolean derived) {
        try {
            long modified = Files.getLastModifiedTime(f).toMillis();
            if (unreadable.containsKey(f) && unreadable.get(f) == modified) {
                return;
            }
            ObjectNode a = DicomWebFiles.queryAttributes(f);
            Entry e = new Entry(text(a, "0020000D"), text(a, "0020000E"), text(a, "00080018"), text(a, "00080016"), f, a, derived);
            if (e.study() == null || e.series() == null || e.sop() == null) {
                unreadable.put(f, modified);
                return;
            }
            byPath.put(f, e);
        } catch (IOException e) {
            try {
                unreadable.put(f, Files.getLastModifiedTime(f).toMillis());
            } catch (IOException ignored) {
                // vanished meanwhile
            }
        }
    }

    private static String text(ObjectNode a, String tag) {
        JsonNode v = a.path(tag).path("Value").path(0);
        return v.isTextual() ? v.asText() : null;
    }
}

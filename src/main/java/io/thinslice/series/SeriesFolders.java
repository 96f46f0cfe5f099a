package io.thinslice.series;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Deletion of one series folder (spooled or derived): its files, then the folder. */
public final class SeriesFolders {

    private SeriesFolders() {
    }

    /** Deletes the files in {@code dir} and then {@code dir}; a missing folder is fine. Series folders hold no sub-folders. */
    public static void delete(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.toList()) {
                Files.deleteIfExists(f);
            }
        }
        Files.deleteIfExists(dir);
    }
}

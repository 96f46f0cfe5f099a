package io.thinslice.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The free space of the file system that holds the storage folder, against the watermark
 * {@code thinslice.storage.min-free}. Measured on every question (one statvfs call, cheap next to a C-STORE), so the
 * node notices at once when space runs short and when it comes back.
 */
public final class FreeSpace {

    private final Path dir;
    private final long minFree;

    /** @param minFree bytes that must stay free; 0 turns the watermark off */
    public FreeSpace(Path dir, long minFree) {
        if (minFree < 0) {
            throw new IllegalArgumentException("thinslice.storage.min-free must be >= 0, was " + minFree);
        }
        this.dir = dir;
        this.minFree = minFree;
    }

    /** Bytes this process may still write on the storage file system. */
    public long usable() throws IOException {
        return Files.getFileStore(dir).getUsableSpace();
    }

    public long minFree() {
        return minFree;
    }

    /**
     * True while less than the watermark is free (never when it is 0). A file system that cannot be measured counts as
     * low: refusing an instance the sender still holds is safer than accepting one that may not be kept.
     */
    public boolean low() {
        if (minFree == 0) {
            return false;
        }
        try {
            return usable() < minFree;
        } catch (IOException e) {
            return true;
        }
    }

    /** Why the node refuses, for the sender's log and the operator's. */
    public String describe() {
        String free;
        try {
            free = usable() + " bytes";
        } catch (IOException e) {
            free = "unknown (" + e.getMessage() + ")";
        }
        return "free disk space " + free + " is below thinslice.storage.min-free (" + minFree + " bytes)";
    }
}

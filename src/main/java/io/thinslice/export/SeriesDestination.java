package io.thinslice.export;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/** Somewhere a derived series is delivered to: a C-STORE SCP or a DICOMweb (STOW-RS) origin server. */
public interface SeriesDestination {

    /**
     * What one attempt achieved.
     *
     * @param stored    SOP Instance UIDs the destination acknowledged; they are not sent again
     * @param problem   what went wrong, or null when every instance was stored
     * @param permanent true when another attempt cannot help (the destination refused the SOP Class, or answered a
     *                  status that says it will never take these instances): the export gives up at once
     */
    record Result(Set<String> stored, String problem, boolean permanent) {
        public Result(Set<String> stored, String problem) {
            this(stored, problem, false);
        }

        public boolean complete() {
            return problem == null;
        }
    }

    /** How the destination appears in jobs and logs (never a secret such as a token). */
    String describe();

    /**
     * Sends the instances, reading each file from disk as it goes (never the whole series in memory).
     * Never throws for a network or server failure: that is a {@link Result} with a problem naming
     * {@link #describe()}.
     *
     * @param instances SOP Instance UID → Part 10 file, in instance order
     */
    Result send(Map<String, Path> instances);
}

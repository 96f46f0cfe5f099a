package io.thinslice.series;

/** An operator action ({@link JobEngine#retry}, {@link JobEngine#forget}) that cannot be done; the message says why. */
public final class JobActionRefused extends Exception {

    /** Why, in terms the admin API turns into a status. */
    public enum Why {
        /** No job has this id. */
        UNKNOWN,
        /** The job's state does not allow it (retry of a job that did not fail, deletion of a running one). */
        CONFLICT
    }

    private final Why why;

    JobActionRefused(Why why, String message) {
        super(message);
        this.why = why;
    }

    public Why why() {
        return why;
    }
}

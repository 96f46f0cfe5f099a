package io.thinslice.series;

/**
 * The job store could not record what happened (PostgreSQL unreachable). Where an instance was being recorded, the
 * instance is in the spool but not yet counted: the sender must see a failure and send it again (recorded then, once).
 */
public final class JobStoreUnavailable extends RuntimeException {

    public JobStoreUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}

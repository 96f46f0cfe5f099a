package io.thinslice.ingest;

import io.thinslice.dicom.Availability;
import io.thinslice.series.JobEngine;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Whether a received instance can be recorded now ({@code JobEngine.recording()}: always with the file job store; with
 * PostgreSQL while the database answers). While it cannot, nothing new is acknowledged: the DICOM port rejects new
 * associations (transient), an instance on an open association is answered 0xA700, STOW-RS 503 with Retry-After.
 */
@ApplicationScoped
public class RecordingGate implements Availability {

    static final String REASON = "the job store cannot record instances now (thinslice.jobs.store=postgresql: the database does not answer)";

    @Inject
    JobEngine engine;

    public boolean open() {
        return recording();
    }

    @Override
    public String unavailableBecause() {
        return recording() ? null : REASON;
    }

    private boolean recording() {
        return engine.recording();
    }
}

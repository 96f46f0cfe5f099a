package io.thinslice.series;

import io.thinslice.audit.AuditEvents;
import io.thinslice.audit.AuditMessage;
import io.thinslice.audit.AuditTrail;
import java.util.Map;

/** Reports the engine's derived, exported and expired series to the audit trail. */
public final class JobAudit implements JobEvents {

    /** CT Image Storage: what the node derives. */
    static final String CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2";

    private final AuditTrail trail;
    private final AuditEvents events;

    JobAudit(AuditTrail trail, AuditEvents events) {
        this.trail = trail;
        this.events = events;
    }

    @Override
    public void derived(Job job) {
        if (job.derivedSeriesInstanceUid != null) {
            trail.record(events.seriesDerived(derivedSeries(job, job.derivedInstances == null ? 0 : job.derivedInstances)));
        }
    }

    @Override
    public void exported(Job job, String destination, int acknowledged, String problem) {
        if (job.derivedSeriesInstanceUid != null) {
            trail.record(events.instancesExported(destination, derivedSeries(job, acknowledged),
                    problem == null ? AuditMessage.SUCCESS : AuditMessage.MINOR_FAILURE, problem));
        }
    }

    @Override
    public void expired(Job job) {
        trail.record(events.deleted(null, receivedSeries(job), "received series deleted after thinslice.storage.retention"));
        if (job.derivedSeriesInstanceUid != null) {
            trail.record(events.deleted(null, derivedSeries(job, job.derivedInstances == null ? 0 : job.derivedInstances),
                    "derived series deleted after thinslice.storage.retention"));
        }
    }

    /** The received and derived series of a job as an operator's deletion reports them. */
    static AuditEvents.SeriesInstances receivedSeries(Job job) {
        return new AuditEvents.SeriesInstances(job.studyInstanceUid, job.seriesInstanceUid, Map.of(CT_IMAGE_STORAGE, job.instancesReceived));
    }

    static AuditEvents.SeriesInstances derivedSeries(Job job, int instances) {
        return new AuditEvents.SeriesInstances(job.studyInstanceUid, job.derivedSeriesInstanceUid, Map.of(CT_IMAGE_STORAGE, instances));
    }

    /** What {@code DELETE /api/jobs/{id}} erased, for the web layer's audit message. */
    public static java.util.List<AuditEvents.SeriesInstances> deletedBy(Job job) {
        java.util.List<AuditEvents.SeriesInstances> all = new java.util.ArrayList<>();
        if (job.state != JobState.EXPIRED) {
            all.add(receivedSeries(job));
            if (job.derivedSeriesInstanceUid != null) {
                all.add(derivedSeries(job, job.derivedInstances == null ? 0 : job.derivedInstances));
            }
        }
        return all;
    }
}

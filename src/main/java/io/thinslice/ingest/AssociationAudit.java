package io.thinslice.ingest;

import io.thinslice.audit.AuditEvents;
import io.thinslice.audit.AuditTrail;
import io.thinslice.audit.InstanceTally;
import io.thinslice.dicom.AssociationObserver;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Audits the DICOM listener: each association accepted or refused, and at its end the instances it stored (one
 * DICOM Instances Transferred message per association, none for an association that stored nothing, e.g. C-ECHO).
 */
final class AssociationAudit implements AssociationObserver {

    private record Open(AuditEvents.Peer caller, InstanceTally tally) {
    }

    private final AuditTrail trail;
    private final AuditEvents events;
    private final Map<Integer, Open> open = new ConcurrentHashMap<>();

    AssociationAudit(AuditTrail trail, AuditEvents events) {
        this.trail = trail;
        this.events = events;
    }

    @Override
    public void accepted(int number, String callingAeTitle, String remoteHost) {
        AuditEvents.Peer caller = new AuditEvents.Peer(callingAeTitle, remoteHost);
        open.put(number, new Open(caller, new InstanceTally()));
        trail.record(events.associationAccepted(caller));
    }

    @Override
    public void refused(String callingAeTitle, String remoteHost, String reason) {
        trail.record(events.associationRefused(new AuditEvents.Peer(callingAeTitle, remoteHost), reason));
    }

    @Override
    public void ended(int number) {
        Open o = open.remove(number);
        if (o != null && !o.tally().isEmpty()) {
            trail.record(o.tally().message(events, o.caller()));
        }
    }

    /** The tally of an open association, or null. */
    InstanceTally tally(int number) {
        Open o = open.get(number);
        return o == null ? null : o.tally();
    }
}

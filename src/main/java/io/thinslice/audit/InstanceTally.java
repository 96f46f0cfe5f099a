package io.thinslice.audit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Counts the instances of one transfer (an association, a STOW-RS request) by series and SOP Class, and the failures. */
public final class InstanceTally {

    private final Map<String, AuditEvents.SeriesInstances> series = new LinkedHashMap<>();
    private int stored;
    private int failed;

    public synchronized void stored(String studyUid, String seriesUid, String sopClassUid) {
        if (studyUid == null || seriesUid == null) {
            return;
        }
        stored++;
        AuditEvents.SeriesInstances s = series.computeIfAbsent(studyUid + "/" + seriesUid,
                k -> new AuditEvents.SeriesInstances(studyUid, seriesUid, new LinkedHashMap<>()));
        s.sopClasses().merge(sopClassUid == null ? "unknown" : sopClassUid, 1, Integer::sum);
    }

    public synchronized void failed() {
        failed++;
    }

    public synchronized boolean isEmpty() {
        return stored == 0 && failed == 0;
    }

    public synchronized List<AuditEvents.SeriesInstances> series() {
        return new ArrayList<>(series.values());
    }

    public synchronized int failures() {
        return failed;
    }

    public synchronized int stored() {
        return stored;
    }

    /** The message for this transfer: a minor failure when any instance was refused. */
    public AuditMessage message(AuditEvents events, AuditEvents.Peer sender) {
        int f = failures();
        return events.instancesStored(sender, series(), f == 0 ? AuditMessage.SUCCESS : AuditMessage.MINOR_FAILURE,
                stored() + " instance(s) stored" + (f == 0 ? "" : ", " + f + " refused"));
    }
}

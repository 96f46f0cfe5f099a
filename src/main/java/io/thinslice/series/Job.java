package io.thinslice.series;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One job per received series, as the admin API shows it and as it is kept on disk. Mutated only by
 * {@link JobEngine} under its lock; readers get copies.
 */
public class Job {
    /** Stable id, name-based on the Series Instance UID. */
    public String id;
    public String seriesInstanceUid;
    public String studyInstanceUid;
    public String seriesDescription;
    public String modality;
    /** How the first instance came, e.g. DIMSE:CALLING_AE */
    public String origin;
    public JobState state = JobState.RECEIVING;
    /** Why the job failed or was ignored. */
    public String reason;
    /** Distinct instances in the spool. */
    public int instancesReceived;
    /** Instances received again and dropped. */
    public int duplicatesReceived;
    public Instant firstReceivedAt;
    public Instant lastReceivedAt;
    /** When the series became stable. */
    public Instant completedAt;
    public Instant processingStartedAt;
    public Instant exportStartedAt;
    public Instant finishedAt;
    /** When its received and derived files were deleted (state expired). */
    public Instant expiredAt;
    public Long synthesisMillis;
    public Long exportMillis;
    public String method;
    public Integer factor;
    public String derivedSeriesInstanceUid;
    /** The uncertainty series' Series Instance UID ({@code thinslice.derive.uncertainty}), when one was made. */
    public String uncertaintySeriesInstanceUid;
    /** The method (and version) that made the derived series: the configured one, or what the guard chose. */
    public String derivedBy;
    /** How the method was chosen for this series: choice, the in-plane check's estimates (dB), adaptation. */
    public java.util.Map<String, String> synthesis;
    public Integer derivedInstances;
    public List<ExportProgress> exports = new ArrayList<>();
    /** When it last entered the processing queue (series complete, or a retry); the stuck-queue check measures from here. */
    public Instant queuedAt;
    /** Every run of this job, oldest first; kept across re-sends and restarts, dropped only when the job is deleted. */
    public List<Attempt> attempts = new ArrayList<>();

    public Job() {
    }

    Job copy() {
        Job j = new Job();
        j.id = id;
        j.seriesInstanceUid = seriesInstanceUid;
        j.studyInstanceUid = studyInstanceUid;
        j.seriesDescription = seriesDescription;
        j.modality = modality;
        j.origin = origin;
        j.state = state;
        j.reason = reason;
        j.instancesReceived = instancesReceived;
        j.duplicatesReceived = duplicatesReceived;
        j.firstReceivedAt = firstReceivedAt;
        j.lastReceivedAt = lastReceivedAt;
        j.completedAt = completedAt;
        j.processingStartedAt = processingStartedAt;
        j.exportStartedAt = exportStartedAt;
        j.finishedAt = finishedAt;
        j.expiredAt = expiredAt;
        j.synthesisMillis = synthesisMillis;
        j.exportMillis = exportMillis;
        j.method = method;
        j.factor = factor;
        j.derivedSeriesInstanceUid = derivedSeriesInstanceUid;
        j.uncertaintySeriesInstanceUid = uncertaintySeriesInstanceUid;
        j.derivedInstances = derivedInstances;
        j.derivedBy = derivedBy;
        j.synthesis = synthesis == null ? null : new java.util.TreeMap<>(synthesis);
        j.queuedAt = queuedAt;
        attempts.forEach(a -> j.attempts.add(a.copy()));
        exports.forEach(e -> j.exports.add(e.copy()));
        return j;
    }

    /** The run in progress, if any. */
    Attempt openAttempt() {
        return attempts.isEmpty() || !attempts.get(attempts.size() - 1).open() ? null : attempts.get(attempts.size() - 1);
    }
}

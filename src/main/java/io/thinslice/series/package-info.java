/**
 * Owns series jobs: grouping received instances by Series Instance UID, deciding when a series is complete,
 * running the stages on it and keeping each job's state and runs (attempts) on disk so a restart resumes it; the
 * operator's retry and delete of a job; whether jobs are failing or stuck (the {@code thinslice-jobs} check and its
 * gauges); where derived series are staged and how one is published whole ({@code DerivedFolders}), and holding
 * synthesis while the storage is below its free-space watermark. Must not parse DICOM itself.
 */
package io.thinslice.series;

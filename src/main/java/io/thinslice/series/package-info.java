/**
 * Owns series jobs: grouping received instances by Series Instance UID, deciding when a series is complete,
 * running the stages on it and keeping each job's state and runs (attempts) on disk so a restart resumes it; the
 * operator's retry and delete of a job; whether jobs are failing or stuck (the {@code thinslice-jobs} check and its
 * gauges); where derived series are staged and how one is published whole ({@code DerivedFolders}), and holding
 * synthesis while the storage is below its free-space watermark. Two job stores behind {@code JobEngine}: JSON files for
 * one node ({@code FileJobEngine}), or PostgreSQL shared by a cluster of nodes ({@code ClusterJobEngine}: claims under
 * leases, the database's clock, schema in {@code db/migration}), whose readiness is {@code thinslice-job-store}. Must
 * not parse DICOM itself.
 */
package io.thinslice.series;

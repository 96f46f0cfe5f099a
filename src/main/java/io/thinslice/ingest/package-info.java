/**
 * Owns the way in: the DICOM listener's lifecycle and the durable spool where every received instance is
 * written before it is acknowledged, and the free-space watermark that refuses instances while the disk is short
 * ({@code FreeSpace}), the limits on what comes in ({@code LimitsConfig}), and the filter that keeps patient data out
 * of the ordinary log ({@code PatientDataLogFilter}). Must not interpret pixels or decide what to do with a series.
 */
package io.thinslice.ingest;

/**
 * Owns series jobs: grouping received instances by Series Instance UID, deciding when a series is complete,
 * running the stages on it and keeping each job's state on disk so a restart resumes it. Must not parse DICOM itself.
 */
package io.thinslice.series;

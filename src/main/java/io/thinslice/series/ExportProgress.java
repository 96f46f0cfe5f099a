package io.thinslice.series;

import java.time.Instant;

/** Export to one destination, as the job shows it. */
public class ExportProgress {
    /** {@code AET@host:port} (C-STORE) or the base URL without token (DICOMweb) */
    public String destination;
    /** pending, retrying, done, failed */
    public String state = "pending";
    public int attempts;
    /** instances acknowledged so far */
    public int sent;
    public String lastError;
    public Instant nextAttemptAt;

    public ExportProgress() {
    }

    ExportProgress(String destination) {
        this.destination = destination;
    }
}

package io.thinslice.series;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

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
    /** The failed attempts, oldest first (at most {@link #KEPT_FAILURES}, the latest): why each one failed. */
    public List<FailedAttempt> failures = new ArrayList<>();

    static final int KEPT_FAILURES = 20;

    /** One failed attempt of the export to this destination. */
    public static class FailedAttempt {
        public int attempt;
        public Instant at;
        public String problem;

        public FailedAttempt() {
        }

        FailedAttempt(int attempt, Instant at, String problem) {
            this.attempt = attempt;
            this.at = at;
            this.problem = problem;
        }
    }

    void failed(int attempt, Instant at, String problem) {
        failures.add(new FailedAttempt(attempt, at, problem));
        while (failures.size() > KEPT_FAILURES) {
            failures.remove(0);
        }
    }

    ExportProgress copy() {
        ExportProgress c = new ExportProgress(destination);
        c.state = state;
        c.attempts = attempts;
        c.sent = sent;
        c.lastError = lastError;
        c.nextAttemptAt = nextAttemptAt;
        failures.forEach(f -> c.failures.add(new FailedAttempt(f.attempt, f.at, f.problem)));
        return c;
    }

    public ExportProgress() {
    }

    ExportProgress(String destination) {
        this.destination = destination;
    }
}

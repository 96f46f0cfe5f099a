package io.thinslice.series;

import java.time.Instant;

/**
 * One run of a job (processing and export), as the job keeps it: an operator reads why each run ended without the
 * log, and the jobs health check reads the recent outcomes from here, so they survive a restart with the job record.
 */
public class Attempt {
    /** 1 for the first run of the job. */
    public int number;
    /** What started it: {@code series complete} (stable, also after a restart) or {@code retry} (an operator). */
    public String trigger;
    public Instant startedAt;
    /** Null while it runs, and for a run the node was stopped in. */
    public Instant endedAt;
    /** {@code done}, {@code failed}, {@code ignored}, or {@code interrupted} (the node stopped during the run); null while it runs. */
    public String outcome;
    /** Why it failed, was ignored or was interrupted. */
    public String reason;

    public Attempt() {
    }

    Attempt(int number, String trigger, Instant startedAt) {
        this.number = number;
        this.trigger = trigger;
        this.startedAt = startedAt;
    }

    boolean open() {
        return outcome == null;
    }

    Attempt copy() {
        Attempt a = new Attempt(number, trigger, startedAt);
        a.endedAt = endedAt;
        a.outcome = outcome;
        a.reason = reason;
        return a;
    }
}

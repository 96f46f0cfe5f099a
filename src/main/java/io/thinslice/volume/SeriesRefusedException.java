package io.thinslice.volume;

/**
 * A series that ThinSlice will not turn into a volume, with the reason a user reads in the job.
 * {@link Outcome#IGNORED} is for series that are not ours to process (not CT, our own output);
 * {@link Outcome#FAILED} is for CT series we should process but cannot (geometry, missing slices).
 */
public final class SeriesRefusedException extends Exception {

    public enum Outcome { IGNORED, FAILED }

    private final Outcome outcome;

    public SeriesRefusedException(Outcome outcome, String reason) {
        super(reason);
        this.outcome = outcome;
    }

    public Outcome outcome() {
        return outcome;
    }

    public static SeriesRefusedException ignored(String reason) {
        return new SeriesRefusedException(Outcome.IGNORED, reason);
    }

    public static SeriesRefusedException failed(String reason) {
        return new SeriesRefusedException(Outcome.FAILED, reason);
    }
}

package io.thinslice.series;

/**
 * Hears of what the engine does with a series' data, e.g. for the audit trail. Each call gets a copy of the job; called
 * on the engine's threads, outside its lock; must be quick and must not throw.
 */
public interface JobEvents {

    JobEvents NONE = new JobEvents() {
    };

    /** The derived series is written ({@link Job#derivedSeriesInstanceUid}, {@link Job#derivedInstances}). */
    default void derived(Job job) {
    }

    /** One export attempt to {@code destination} ended: {@code problem} is null when every instance was acknowledged. */
    default void exported(Job job, String destination, int acknowledged, String problem) {
    }

    /** The retention check deleted the series' received and derived files. */
    default void expired(Job job) {
    }

    /** {@code listener}, made harmless: whatever it throws is logged and forgotten, so a listener cannot break an engine. */
    static JobEvents guarded(JobEvents listener) {
        java.util.logging.Logger log = java.util.logging.Logger.getLogger(JobEvents.class.getName());
        return new JobEvents() {
            @Override
            public void derived(Job job) {
                run(() -> listener.derived(job));
            }

            @Override
            public void exported(Job job, String destination, int acknowledged, String problem) {
                run(() -> listener.exported(job, destination, acknowledged, problem));
            }

            @Override
            public void expired(Job job) {
                run(() -> listener.expired(job));
            }

            private void run(Runnable call) {
                try {
                    call.run();
                } catch (RuntimeException e) {
                    log.warning("job event listener failed: " + e);
                }
            }
        };
    }
}

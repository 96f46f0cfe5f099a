package io.thinslice.series;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** When the jobs health check ({@code thinslice-jobs}) turns red. */
@ConfigMapping(prefix = "thinslice.jobs")
public interface JobsConfig {

    /**
     * A job waiting for synthesis, or in it, this long means the queue is stuck. Generous by default: a large series
     * with the adapted model takes minutes on a CPU, and several can queue behind it. 0 turns the check off.
     */
    @WithDefault("1h")
    Duration stuckAfter();

    /** This many most recent runs all failed (none done in between) means jobs are failing. 0 turns the check off. */
    @WithDefault("3")
    int failingAfter();
}

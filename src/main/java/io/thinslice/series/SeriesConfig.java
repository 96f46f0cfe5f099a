package io.thinslice.series;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** When a series counts as complete. */
@ConfigMapping(prefix = "thinslice.series")
public interface SeriesConfig {

    /** Seconds without a new instance after which a series is complete and processed. */
    @WithDefault("15")
    int stableSeconds();

    /**
     * Complete series queued for synthesis at once. A series that becomes complete while the queue is full waits in
     * the spool (state waiting, its reason says so) and takes the next free place, in the order the series became
     * complete; nothing is refused or lost.
     */
    @WithDefault("64")
    int maxQueued();
}

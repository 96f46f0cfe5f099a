package io.thinslice.series;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** When a series counts as complete. */
@ConfigMapping(prefix = "thinslice.series")
public interface SeriesConfig {

    /** Seconds without a new instance after which a series is complete and processed. */
    @WithDefault("15")
    int stableSeconds();
}

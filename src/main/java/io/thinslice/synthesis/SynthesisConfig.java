package io.thinslice.synthesis;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How new slices are made. */
@ConfigMapping(prefix = "thinslice.synthesis")
public interface SynthesisConfig {

    /** Refinement along the slice normal: 2 or 4. */
    @WithDefault("4")
    int factor();

    /** {@code linear} or {@code cubic}. */
    @WithDefault("cubic")
    String method();
}

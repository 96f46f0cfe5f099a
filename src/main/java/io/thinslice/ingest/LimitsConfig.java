package io.thinslice.ingest;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * What the node takes in at most. Each limit is answered where it is met, with a status the sender understands and
 * a reason naming the setting; nothing already accepted is lost, and the node goes on serving.
 */
@ConfigMapping(prefix = "thinslice.limits")
public interface LimitsConfig {

    /**
     * Largest STOW-RS request body: a larger one is answered 413 with a problem body and nothing of it is stored. At most
     * {@code quarkus.http.limits.max-body-size} (4G), the bound of every HTTP body, which answers 413 without a body.
     */
    @WithDefault("2G")
    MemorySize stowMaxRequestSize();

    /** Most parts (instances) in one STOW-RS request: one more is answered 413 with a problem body, nothing stored. */
    @WithDefault("5000")
    int stowMaxParts();

    /**
     * Largest Rows and largest Columns of a received image: a larger one is refused (C-STORE 0xC000, STOW-RS Failure
     * Reason 0xC000) and not stored. CT images are 512 x 512, some 1024 x 1024.
     */
    @WithDefault("4096")
    int maxImageSize();

    /**
     * Most instances in one series: a larger series is stored as received, and its job fails with a reason naming this
     * setting instead of going through synthesis (raise it and retry the job to derive it).
     */
    @WithDefault("2000")
    int maxSlices();
}

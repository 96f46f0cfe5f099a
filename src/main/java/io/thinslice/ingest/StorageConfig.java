package io.thinslice.ingest;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where the node keeps what it receives, derives and remembers. */
@ConfigMapping(prefix = "thinslice.storage")
public interface StorageConfig {

    /** Root folder: spool of received series, derived series, job records. Created when missing. */
    @WithDefault("thinslice-data")
    String dir();

    /**
     * How long a finished series (done, failed or ignored) is kept: its received instances and its derived series are
     * then deleted from disk (no longer served over DICOMweb) and the job becomes {@code expired}. 0 keeps them forever.
     */
    @WithDefault("30d")
    java.time.Duration retention();

    /**
     * Free space to keep on the storage file system. Below it C-STORE is answered 0xA700 (out of resources), STOW-RS 503
     * with Retry-After, and no series starts synthesis; all resume by themselves once space is back. 0 turns it off.
     */
    @WithDefault("1G")
    io.quarkus.runtime.configuration.MemorySize minFree();

    /** How often the node looks for series past their retention. */
    @WithDefault("1m")
    java.time.Duration retentionCheck();
}

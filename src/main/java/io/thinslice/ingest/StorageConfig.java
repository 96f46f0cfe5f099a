package io.thinslice.ingest;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where the node keeps what it receives, derives and remembers. */
@ConfigMapping(prefix = "thinslice.storage")
public interface StorageConfig {

    /** Root folder: spool of received series, derived series, job records. Created when missing. */
    @WithDefault("thinslice-data")
    String dir();
}

package io.thinslice.export;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Where derived series go and how hard the node tries. */
@ConfigMapping(prefix = "thinslice.export")
public interface ExportConfig {

    /** C-STORE destinations, comma-separated {@code AET@host:port}; empty: derived series stay on the node. */
    Optional<List<String>> destinations();

    /** Attempts per destination before the job fails. */
    @WithDefault("10")
    int maxAttempts();

    /** Wait before the first retry; doubles after each failed attempt. */
    @WithDefault("2s")
    Duration initialBackoff();

    /** Longest wait between attempts. */
    @WithDefault("5m")
    Duration maxBackoff();
}

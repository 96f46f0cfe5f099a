package io.thinslice.ingest;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The DICOM listener (C-STORE and C-ECHO SCP). */
@ConfigMapping(prefix = "thinslice.dicom")
public interface DicomConfig {

    /** Our AE title; associations calling another title are rejected. */
    @WithDefault("THINSLICE")
    String aeTitle();

    /** TCP port of the listener. */
    @WithDefault("11112")
    int port();

    /** Local address to bind; 0.0.0.0 listens on all interfaces. */
    @WithDefault("0.0.0.0")
    String bindAddress();

    /** Associations served at once; more are rejected as transient (local limit exceeded). */
    @WithDefault("8")
    int maxAssociations();

    /** How long an association may stay silent before the node drops it. */
    @WithDefault("60s")
    Duration socketTimeout();

    /**
     * At a stop (SIGTERM), how long open associations may go on: each gets the response to the instance in flight and
     * then an A-ABORT; one still open after this (a silent or very slow sender) is aborted as it is.
     */
    @WithDefault("10s")
    Duration stopGrace();

    /** Calling AE titles allowed to associate; empty: anyone. Others get A-ASSOCIATE-RJ. */
    Optional<List<String>> allowedCallers();
}

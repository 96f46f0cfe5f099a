package io.thinslice.series;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Where job records live, how cluster leases work, and when the jobs health check ({@code thinslice-jobs}) turns red. */
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

    /**
     * {@code file}: JSON records under {@code thinslice.storage.dir}, one node (the embedded default, no database).
     * {@code postgresql}: the job store and work queue in PostgreSQL ({@code quarkus.datasource.jdbc.url},
     * {@code quarkus.datasource.username}, {@code quarkus.datasource.password}; schema by Flyway), shared by any number
     * of nodes that also share {@code thinslice.storage.dir}.
     */
    @WithDefault("file")
    String store();

    /**
     * With {@code postgresql}: how long a node's claim on a job holds without a heartbeat. A node that dies loses its
     * jobs this long after its last heartbeat, and another node takes them over.
     */
    @WithDefault("60s")
    Duration lease();

    /** With {@code postgresql}: how often a node renews the leases of the jobs it runs (well under {@code lease}). */
    @WithDefault("10s")
    Duration heartbeat();
}

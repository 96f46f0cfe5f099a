package io.thinslice.series;

import io.thinslice.export.RetryPolicy;
import io.thinslice.export.SeriesDestination;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * The series job engine, as the ways in (ingest), the admin API and the health checks use it: one job per Series
 * Instance UID, moved through receiving → waiting → processing → exporting → done (or failed / ignored / expired).
 * Two implementations behind {@code thinslice.jobs.store}: {@link FileJobEngine} (one node, JSON records on disk) and
 * {@link ClusterJobEngine} (PostgreSQL, any number of nodes sharing the database and the storage folder).
 */
public interface JobEngine extends AutoCloseable {

    /**
     * Everything an engine needs, resolved from configuration.
     *
     * @param derived      where derived series are staged and published (the processor writes through it too)
     * @param lowOnSpace   true while the storage is below {@code thinslice.storage.min-free}: no series starts then
     * @param maxQueued    complete series queued for the synthesis worker at once ({@code thinslice.series.max-queued});
     *                     more wait in the spool, held in completion order
     * @param workers      series synthesised at once by this node ({@code thinslice.synthesis.workers})
     * @param node         this node's name and roles ({@code thinslice.node.*}); the file engine runs every stage
     */
    public record Settings(Path storageRoot, Duration stableAfter, SeriesProcessor processor,
                           List<SeriesDestination> destinations, RetryPolicy retry, String aeTitle,
                           Duration retention, Duration retentionCheck, DerivedFolders derived, BooleanSupplier lowOnSpace,
                           int maxQueued, int workers, Node node) {
        public Settings {
            if (retention.isNegative() || retentionCheck.isNegative() || retentionCheck.isZero()) {
                throw new IllegalArgumentException("thinslice.storage.retention must be >= 0 and thinslice.storage.retention-check > 0");
            }
            if (maxQueued < 1) {
                throw new IllegalArgumentException("thinslice.series.max-queued must be at least 1, was " + maxQueued);
            }
            if (workers < 1) {
                throw new IllegalArgumentException("thinslice.synthesis.workers must be at least 1, was " + workers);
            }
        }
    }


    /** This node in a cluster: the name its claims carry and the stages it runs. */
    record Node(String name, Set<NodeConfig.Role> roles) {
        public Node {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("thinslice.node.name must not be blank");
            }
            roles = Set.copyOf(roles);
        }

        public boolean does(NodeConfig.Role role) {
            return roles.contains(role);
        }
    }

    /** The stable job id of a series, name-based on its Series Instance UID (the same on every node). */
    static String idFor(String seriesInstanceUid) {
        return UUID.nameUUIDFromBytes(("job/" + seriesInstanceUid).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** Who hears of derived, exported and expired series (the audit trail); set before {@link #start()}. */
    void setEvents(JobEvents events);

    /** Loads or reconciles the jobs with the spool and starts the engine's clocks and workers. */
    void start() throws IOException;

    /**
     * Called by every way in once an instance is durably spooled, before the sender is answered.
     *
     * @throws JobStoreUnavailable the instance could not be recorded (the database did not answer): the sender must
     *                             be told it failed, so it sends again
     */
    void onInstance(ReceivedInstance instance);

    /**
     * True while a newly received instance can be recorded: the file store always; PostgreSQL while the database
     * answered recently. Ways in refuse new work (association, STOW-RS request) while false.
     */
    boolean recording();

    /** Every job, newest first. */
    List<Job> jobs();

    Optional<Job> job(String id);

    /** Runs a failed job again from its spooled instances. */
    Job retry(String id) throws JobActionRefused;

    /** Deletes a job, its received instances and its derived series; refused while it runs. */
    void forget(String id) throws JobActionRefused, IOException;

    /** How the jobs are going now, for the health check and its metrics. */
    JobsStatus status(int failingAfter, Duration stuckAfter);

    /** The node is stopping: no series starts from now on, and what fails from now on failed because of the stop. */
    void beginStop();

    @Override
    void close();
}

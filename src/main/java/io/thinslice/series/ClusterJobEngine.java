package io.thinslice.series;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.thinslice.export.SeriesDestination;
import io.thinslice.export.SeriesExporter;
import io.thinslice.volume.SeriesRefusedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The cluster job engine ({@code thinslice.jobs.store=postgresql}): the job store and work queue are PostgreSQL tables
 * shared by every node, which also share {@code thinslice.storage.dir}. Every decision is a transaction holding the
 * job's row lock, timed by the database's clock ({@code now()}), never a node's:
 * <ul>
 * <li>an instance is recorded once cluster-wide (its SOP Instance UID is the key), whatever node or association it
 * came by, and moves its series' job (one per Series Instance UID);</li>
 * <li>a series is complete once no new instance came for the stable time (any node's tick decides it);</li>
 * <li>a worker claims a complete series ({@code SELECT … FOR UPDATE SKIP LOCKED}) under a lease its node's heartbeat
 * renews; a job whose lease ran out (its node died) is claimed again by another node, and a node that finds its lease
 * lost gives the job up. Derived UIDs are name-based on the source, so a re-run delivers the same instances again.</li>
 * </ul>
 * Only nodes with role {@code synthesize} claim waiting series; only nodes with {@code export} claim derived ones (a
 * synthesize-only node leaves its result exporting and unclaimed).
 */
public final class ClusterJobEngine implements JobEngine {

    private static final Logger LOG = Logger.getLogger(ClusterJobEngine.class.getName());
    /** How often an idle worker looks for work, and the tick looks for complete series. */
    private static final long POLL_MILLIS = 500;
    /** The database answered within this: a new instance can be recorded. */
    private static final Duration RECORDING_WINDOW = Duration.ofSeconds(5);
    /** Most exports this node runs at once (each holds one export thread while it sends). */
    private static final int MAX_EXPORTS = 4;

    /** One claim this node holds: what the heartbeat renews and what a lost lease cancels. */
    private static final class Claim {
        final String id;
        final UUID token;
        final String series;
        volatile boolean lost;

        Claim(String id, UUID token, String series) {
            this.id = id;
            this.token = token;
            this.series = series;
        }
    }

    /** What the gauges read, refreshed by the pulse (cluster-wide counts, one query). */
    private record Snapshot(Map<JobState, Integer> counts, double oldestWaitingSeconds) {
        static final Snapshot EMPTY = new Snapshot(Map.of(), 0);
    }

    private final Settings settings;
    private final SpooledSeries spool;
    private final DataSource db;
    private final ObjectMapper json;
    private final MeterRegistry meters;
    private final Duration lease;
    private final Duration heartbeat;
    private final Node node;
    private final SeriesExporter exporter;
    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2, named("thinslice-cluster-timer"));
    private final ScheduledExecutorService exports = Executors.newScheduledThreadPool(2, named("thinslice-export"));
    private final ExecutorService workers;
    private final Map<String, Claim> claims = new ConcurrentHashMap<>();
    private final AtomicInteger runningExports = new AtomicInteger();
    private final Counter seriesCompleted;
    private final Counter seriesExpired;
    private final Timer synthesisTimer;
    private volatile boolean stopping;
    private volatile long lastAnswerNanos = System.nanoTime() - RECORDING_WINDOW.toNanos() - 1;
    private volatile Snapshot snapshot = Snapshot.EMPTY;
    private volatile JobEvents events = JobEvents.NONE;
    private volatile JobsStatus cachedStatus;
    private volatile long cachedStatusNanos;

    public ClusterJobEngine(Settings settings, SpooledSeries spool, DataSource db, ObjectMapper json, MeterRegistry meters,
                            Duration lease, Duration heartbeat) {
        if (lease.isNegative() || lease.isZero() || heartbeat.isNegative() || heartbeat.isZero() || heartbeat.compareTo(lease) >= 0) {
            throw new IllegalArgumentException("thinslice.jobs.heartbeat must be > 0 and shorter than thinslice.jobs.lease, were "
                    + heartbeat + " and " + lease);
        }
        this.settings = settings;
        this.spool = spool;
        this.db = db;
        this.json = json.copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.meters = meters;
        this.lease = lease;
        this.heartbeat = heartbeat;
        this.node = settings.node();
        this.workers = Executors.newFixedThreadPool(settings.workers(), named("thinslice-synthesis"));
        this.exporter = new SeriesExporter(exports, settings.retry(), Clock.systemUTC());
        this.seriesCompleted = Counter.builder("thinslice.series.completed").description("Series that became stable").register(meters);
        this.seriesExpired = Counter.builder("thinslice.storage.expired")
                .description("Series whose received and derived files were deleted after the retention time").register(meters);
        this.synthesisTimer = Timer.builder("thinslice.synthesis.duration").description("Time to synthesise a thin volume")
                .tag("method", settings.processor().method()).register(meters);
        for (JobState s : JobState.values()) {
            Gauge.builder("thinslice.jobs.current", this, e -> e.snapshot.counts().getOrDefault(s, 0))
                    .description("Jobs in each state (cluster-wide with postgresql)").tags(List.of(Tag.of("state", s.json()))).register(meters);
        }
        QueueMetrics.register(meters, () -> snapshot.counts().getOrDefault(JobState.WAITING, 0), () -> snapshot.oldestWaitingSeconds());
    }

    @Override
    public void setEvents(JobEvents events) {
        this.events = JobEvents.guarded(events);
    }

    @Override
    public void start() throws IOException {
        settings.derived().recover();
        // Claims this node held before a restart under the same name are given up at once: they run nowhere now.
        int released = tx(c -> update(c, "UPDATE thinslice_job SET lease_until = now() - interval '1 second' WHERE lease_owner = ?", node.name()));
        if (released > 0) {
            LOG.info(released + " job(s) this node (" + node.name() + ") held before its restart released for any node to claim");
        }
        pulse();
        timer.scheduleWithFixedDelay(() -> safely("stability check", this::tick), 0, POLL_MILLIS, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(() -> safely("job store pulse", this::pulse), 1000, 1000, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(() -> safely("heartbeat", this::renewLeases), heartbeat.toMillis(), heartbeat.toMillis(),
                TimeUnit.MILLISECONDS);
        long check = settings.retentionCheck().toMillis();
        timer.scheduleWithFixedDelay(() -> safely("retention check", this::expire), Math.min(check, 1000), check, TimeUnit.MILLISECONDS);
        if (node.does(NodeConfig.Role.SYNTHESIZE)) {
            for (int i = 0; i < settings.workers(); i++) {
                workers.execute(this::workerLoop);
            }
        }
        if (node.does(NodeConfig.Role.EXPORT)) {
            timer.scheduleWithFixedDelay(() -> safely("export claim", this::claimExports), POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
        }
        LOG.info("cluster job engine started as node " + node.name() + " (roles " + node.roles() + ", " + settings.workers()
                + " synthesis worker(s), lease " + lease + ", heartbeat " + heartbeat + ")");
    }

    // ---- recording instances -------------------------------------------------------------------------------------

    @Override
    public void onInstance(ReceivedInstance instance) {
        String series = instance.header().seriesInstanceUid();
        String id = JobEngine.idFor(series);
        tx(c -> {
            Instant now = now(c);
            boolean fresh = update(c, "INSERT INTO thinslice_instance (sop_uid, series_uid, received_by) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                    instance.header().sopInstanceUid(), series, node.name()) == 1;
            Job blank = newJob(id, series);
            boolean created = update(c, "INSERT INTO thinslice_job (id, series_uid, state, record) VALUES (?, ?, ?, ?::jsonb) ON CONFLICT (id) DO NOTHING",
                    id, series, blank.state.json(), write(blank)) == 1;
            Locked locked = lock(c, id, false);
            Job job = locked.job;
            if (instance.header().path() != null && !Files.exists(instance.header().path())) {
                // Its series was deleted (retention, an operator) on some node between the spooling and now.
                throw new JobStoreUnavailable("instance " + instance.header().sopInstanceUid() + " was deleted with its series as it arrived; send it again", null);
            }
            if (created || job.state == JobState.EXPIRED) {
                job.origin = instance.origin();
                job.firstReceivedAt = now;
                job.instancesReceived = 0;
                job.duplicatesReceived = 0;
            }
            if (job.studyInstanceUid == null) {
                job.studyInstanceUid = instance.header().studyInstanceUid();
                job.modality = instance.header().modality();
                job.seriesDescription = instance.header().seriesDescription();
            }
            boolean grew = false;
            job.lastReceivedAt = now;
            if (!fresh) {
                job.duplicatesReceived++;
            } else {
                job.instancesReceived++;
                if (running(job)) {
                    grew = true;
                } else if (job.state != JobState.RECEIVING) {
                    reopen(job);
                }
            }
            save(c, job, grew || locked.grew, job.state == JobState.RECEIVING ? null : locked.trigger);
            return null;
        });
    }

    private Job newJob(String id, String series) {
        Job job = new Job();
        job.id = id;
        job.seriesInstanceUid = series;
        job.method = settings.processor().method();
        job.factor = settings.processor().factor();
        return job;
    }

    private static boolean running(Job job) {
        return job.state == JobState.PROCESSING || job.state == JobState.EXPORTING;
    }

    private static void reopen(Job job) {
        job.state = JobState.RECEIVING;
        job.expiredAt = null;
        job.completedAt = null;
        forgetLastRun(job);
    }

    private static void forgetLastRun(Job job) {
        job.reason = null;
        job.processingStartedAt = null;
        job.exportStartedAt = null;
        job.finishedAt = null;
        job.exports = new ArrayList<>();
    }

    @Override
    public boolean recording() {
        return System.nanoTime() - lastAnswerNanos < RECORDING_WINDOW.toNanos();
    }

    // ---- completion, claims and runs -----------------------------------------------------------------------------

    /** Moves every series quiet for the stable time (by the database's clock) to waiting. */
    void tick() {
        if (stopping) {
            return;
        }
        int completed = tx(c -> {
            List<String> ids = strings(c, "SELECT id FROM thinslice_job WHERE state = 'receiving' AND last_received_at <= now() - (? * interval '1 millisecond') "
                    + "ORDER BY last_received_at FOR UPDATE SKIP LOCKED", settings.stableAfter().toMillis());
            Instant now = ids.isEmpty() ? null : now(c);
            for (String id : ids) {
                Locked l = lock(c, id, false);
                l.job.state = JobState.WAITING;
                l.job.completedAt = now;
                l.job.queuedAt = now;
                l.job.reason = null;
                save(c, l.job, l.grew, "series complete");
            }
            return ids.size();
        });
        if (completed > 0) {
            seriesCompleted.increment(completed);
        }
    }

    private void workerLoop() {
        while (!stopping) {
            try {
                if (settings.lowOnSpace().getAsBoolean()) {
                    Thread.sleep(1000); // no series starts while the shared storage is below its watermark
                    continue;
                }
                Claim claim = claimSynthesis();
                if (claim == null) {
                    Thread.sleep(POLL_MILLIS);
                    continue;
                }
                synthesise(claim);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!stopping && !(e instanceof JobStoreUnavailable && unreachable)) { // an outage is logged once, by the pulse
                    LOG.log(Level.WARNING, "synthesis worker: " + e.getMessage(), e instanceof JobStoreUnavailable ? null : e);
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException stop) {
                        return;
                    }
                }
            }
        }
    }

    /** Claims the longest-waiting complete series, or one whose node lost its lease mid-synthesis. */
    private Claim claimSynthesis() {
        return tx(c -> {
            List<String> ids = strings(c, "SELECT id FROM thinslice_job WHERE state = 'waiting' "
                    + "OR (state = 'processing' AND (lease_until IS NULL OR lease_until < now())) "
                    + "ORDER BY queued_at NULLS LAST LIMIT 1 FOR UPDATE SKIP LOCKED");
            if (ids.isEmpty()) {
                return null;
            }
            Locked l = lock(c, ids.get(0), false);
            Job job = l.job;
            Instant now = now(c);
            String trigger = l.trigger == null ? "series complete" : l.trigger;
            if (job.state == JobState.PROCESSING) {
                interruptOpenAttempt(job, now, l.owner);
                trigger = "taken over";
                LOG.info("series " + job.seriesInstanceUid + ": node " + l.owner + " lost its lease during synthesis; " + node.name() + " takes it over");
            }
            job.state = JobState.PROCESSING;
            job.processingStartedAt = now;
            job.reason = null;
            job.attempts.add(new Attempt(job.attempts.size() + 1, trigger, now));
            job.method = settings.processor().method();
            job.factor = settings.processor().factor();
            save(c, job, l.grew, trigger);
            Claim claim = new Claim(job.id, UUID.randomUUID(), job.seriesInstanceUid);
            take(c, claim);
            countClaim("synthesize");
            return claim;
        });
    }

    private static void interruptOpenAttempt(Job job, Instant now, String owner) {
        Attempt open = job.openAttempt();
        if (open != null) {
            open.outcome = "interrupted";
            open.endedAt = now;
            open.reason = "node " + owner + " stopped renewing its lease during this run";
        }
    }

    private void take(Connection c, Claim claim) throws SQLException {
        update(c, "UPDATE thinslice_job SET lease_owner = ?, lease_token = ?, lease_until = now() + (? * interval '1 millisecond') WHERE id = ?",
                node.name(), claim.token, lease.toMillis(), claim.id);
        claims.put(claim.id, claim);
    }

    private void countClaim(String stage) {
        Counter.builder("thinslice.jobs.claims").description("Jobs this node claimed, by stage").tag("node", node.name()).tag("stage", stage)
                .register(meters).increment();
    }

    private void synthesise(Claim claim) {
        boolean handedOver = false;
        try {
            SeriesProcessor.Result result = settings.processor().process(spool.files(claim.series), () -> claim.lost || stopping);
            synthesisTimer.record(Duration.ofMillis(result.synthesisMillis()));
            handedOver = derived(claim, result);
        } catch (SeriesRefusedException e) {
            finish(claim, e.outcome() == SeriesRefusedException.Outcome.IGNORED ? JobState.IGNORED : JobState.FAILED, e.getMessage(), null);
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            if (claim.lost) {
                LOG.warning("series " + claim.series + ": this node lost its lease; synthesis given up (another node runs it)");
            } else if (stopping) {
                LOG.info("series " + claim.series + " interrupted by the stop; another node (or this one after its restart) runs it again");
            } else if (e instanceof JobStoreUnavailable) {
                LOG.warning("series " + claim.series + ": " + e.getMessage() + "; the job is taken over once its lease runs out");
            } else {
                LOG.log(Level.WARNING, "series " + claim.series + " failed", e);
                finish(claim, JobState.FAILED, "processing failed: " + e, null);
            }
        } finally {
            if (!handedOver) {
                claims.remove(claim.id, claim);
            }
        }
    }

    /** Records the derived series; exports it here (keeping the claim) when this node exports, else leaves it unclaimed. */
    private boolean derived(Claim claim, SeriesProcessor.Result result) {
        boolean exportHere = node.does(NodeConfig.Role.EXPORT);
        Map<String, String> files = new LinkedHashMap<>();
        result.instances().forEach((sop, path) -> files.put(sop, path.getFileName().toString()));
        // the uncertainty series' files, relative to the derived series' folder, so a node taking over the export sends them too
        Path derivedDir = settings.derived().publishedRoot().resolve(result.derivedSeriesUid());
        result.uncertaintyInstances().forEach((sop, path) -> files.put(sop, derivedDir.relativize(path).toString()));
        Job job = tx(c -> {
            Locked l = lockOwned(c, claim);
            if (l == null) {
                return null;
            }
            Job j = l.job;
            j.synthesisMillis = result.synthesisMillis();
            j.derivedSeriesInstanceUid = result.derivedSeriesUid();
            j.uncertaintySeriesInstanceUid = result.uncertaintySeriesUid();
            j.derivedBy = result.derivedBy();
            j.factor = result.factor(); // chosen per series when a target spacing is set
            j.synthesis = result.synthesis().isEmpty() ? null : new java.util.TreeMap<>(result.synthesis());
            j.derivedInstances = result.instances().size();
            j.state = JobState.EXPORTING;
            j.exportStartedAt = exportHere ? now(c) : null;
            j.exports = new ArrayList<>();
            settings.destinations().forEach(d -> j.exports.add(new ExportProgress(d.describe())));
            save(c, j, l.grew, l.trigger);
            update(c, "UPDATE thinslice_job SET derived = ?::jsonb WHERE id = ?", write(files), j.id);
            if (!exportHere) {
                release(c, claim);
            }
            return j;
        });
        if (job == null) {
            LOG.warning("series " + claim.series + ": lease lost before the derived series was recorded; another node runs it");
            return false;
        }
        String choice = result.synthesis().getOrDefault("choice", result.derivedBy().split(" ")[0]);
        Counter.builder("thinslice.synthesis.choice").description("Derived series by the method that made them (the guard's choice per series)")
                .tag("choice", choice).register(meters).increment();
        events.derived(job.copy());
        if (!exportHere) {
            claims.remove(claim.id, claim);
            LOG.info("series " + claim.series + " derived; left for a node with role export");
            return true;
        }
        countClaim("export");
        runningExports.incrementAndGet();
        export(claim, result.allInstances());
        return true;
    }

    /** Export nodes: claims derived series left unclaimed (or whose exporting node lost its lease), while exports are free. */
    private void claimExports() {
        while (!stopping && runningExports.get() < MAX_EXPORTS) {
            Object[] claimed = tx(c -> {
                List<String> ids = strings(c, "SELECT id FROM thinslice_job WHERE state = 'exporting' "
                        + "AND (lease_owner IS NULL OR lease_until IS NULL OR lease_until < now()) ORDER BY queued_at NULLS LAST LIMIT 1 FOR UPDATE SKIP LOCKED");
                if (ids.isEmpty()) {
                    return null;
                }
                Locked l = lock(c, ids.get(0), false);
                Job j = l.job;
                if (l.owner != null) {
                    LOG.info("series " + j.seriesInstanceUid + ": node " + l.owner + " lost its lease during the export; " + node.name() + " exports it");
                }
                j.exportStartedAt = now(c);
                j.exports = new ArrayList<>();
                settings.destinations().forEach(d -> j.exports.add(new ExportProgress(d.describe())));
                save(c, j, l.grew, l.trigger);
                Map<String, String> files = read(string(c, "SELECT derived::text FROM thinslice_job WHERE id = ?", j.id), new TypeReference<>() {
                });
                Claim claim = new Claim(j.id, UUID.randomUUID(), j.seriesInstanceUid);
                take(c, claim);
                Path dir = settings.derived().publishedRoot().resolve(j.derivedSeriesInstanceUid);
                Map<String, Path> instances = new LinkedHashMap<>();
                files.forEach((sop, name) -> instances.put(sop, dir.resolve(name)));
                return new Object[] {claim, instances};
            });
            if (claimed == null) {
                return;
            }
            countClaim("export");
            runningExports.incrementAndGet();
            @SuppressWarnings("unchecked")
            Map<String, Path> instances = (Map<String, Path>) claimed[1];
            export((Claim) claimed[0], instances);
        }
    }

    private void export(Claim claim, Map<String, Path> instances) {
        Instant started = Instant.now();
        exporter.export(instances, settings.destinations(), new SeriesExporter.Progress() {
            @Override
            public void attempted(SeriesDestination d, int attempt, int acknowledged, String problem, Instant nextAttempt) {
                Job job = safeTx(c -> {
                    Locked l = lockOwned(c, claim);
                    if (l == null) {
                        return null;
                    }
                    Instant now = now(c);
                    for (ExportProgress p : l.job.exports) {
                        if (p.destination.equals(d.describe())) {
                            p.attempts = attempt;
                            p.sent += acknowledged;
                            p.lastError = problem;
                            p.nextAttemptAt = nextAttempt;
                            if (problem != null) {
                                p.failed(attempt, now, problem);
                            }
                            p.state = problem == null ? "done" : nextAttempt == null ? "failed" : "retrying";
                        }
                    }
                    save(c, l.job, l.grew, l.trigger);
                    return l.job;
                });
                if (job != null) {
                    events.exported(job.copy(), d.describe(), acknowledged, problem);
                }
                if (problem != null) {
                    LOG.warning("export of series " + claim.series + " to " + d + ", attempt " + attempt + ": " + problem
                            + (nextAttempt == null ? "" : "; next attempt at " + nextAttempt));
                }
            }

            @Override
            public void finished(String failure) {
                try {
                    Duration took = Duration.between(started, Instant.now());
                    Timer.builder("thinslice.export.duration").description("Time to deliver a derived series to all destinations")
                            .tag("outcome", failure == null ? "done" : "failed").register(meters).record(took);
                    if (failure != null && stopping) {
                        return; // cut by the stop: exported again by a node that claims it
                    }
                    finish(claim, failure == null ? JobState.DONE : JobState.FAILED, failure, took.toMillis());
                } finally {
                    claims.remove(claim.id, claim);
                    runningExports.decrementAndGet();
                }
            }
        });
    }

    /** Ends the run, if this node still holds it: final state, attempt closed, claim released; a series that grew meanwhile is received again. */
    private void finish(Claim claim, JobState state, String reason, Long exportMillis) {
        Boolean done = safeTx(c -> {
            Locked l = lockOwned(c, claim);
            if (l == null) {
                return false;
            }
            Job job = l.job;
            Instant now = now(c);
            job.state = state;
            job.reason = reason;
            job.finishedAt = now;
            if (exportMillis != null) {
                job.exportMillis = exportMillis;
            }
            Attempt attempt = job.openAttempt();
            if (attempt != null) {
                attempt.endedAt = now;
                attempt.outcome = state.json();
                attempt.reason = reason;
            }
            boolean grew = l.grew;
            if (grew) {
                reopen(job);
                job.lastReceivedAt = now;
            }
            save(c, job, false, l.trigger);
            release(c, claim);
            return true;
        });
        if (done == null) {
            LOG.warning("series " + claim.series + ": the end of its run (" + state.json() + ") could not be recorded; the job is run again "
                    + "once this node's lease on it has run out");
            return;
        }
        if (!done) {
            LOG.warning("series " + claim.series + ": this node lost its lease before the run ended; its outcome (" + state.json() + ") is not recorded");
            return;
        }
        Counter.builder("thinslice.jobs.finished").description("Jobs that reached a final state").tag("outcome", state.json())
                .register(meters).increment();
        if (state == JobState.DONE) {
            LOG.info("series " + claim.series + " done on node " + node.name());
        } else {
            // An ignored series is the selection working as configured, not a fault to alert on.
            LOG.log(state == JobState.IGNORED ? java.util.logging.Level.INFO : java.util.logging.Level.WARNING, "series " + claim.series + " " + state.json() + ": " + reason);
        }
    }

    private static void release(Connection c, Claim claim) throws SQLException {
        update(c, "UPDATE thinslice_job SET lease_owner = NULL, lease_token = NULL, lease_until = NULL WHERE id = ? AND lease_token = ?",
                claim.id, claim.token);
    }

    /** The heartbeat: renews every claim this node holds; a claim not renewed is lost and its work given up. */
    void renewLeases() {
        for (Claim claim : List.copyOf(claims.values())) {
            int renewed = tx(c -> update(c, "UPDATE thinslice_job SET lease_until = now() + (? * interval '1 millisecond') WHERE id = ? AND lease_token = ?",
                    lease.toMillis(), claim.id, claim.token));
            if (renewed == 0 && claims.remove(claim.id, claim)) {
                claim.lost = true;
                LOG.warning("series " + claim.series + ": this node's lease on the job is gone (taken over, deleted or finished elsewhere); "
                        + "it stops working on it");
            }
        }
    }

    /** The job store answered: new instances can be recorded. Also refreshes the cluster-wide gauges. */
    void pulse() {
        try {
            snapshot = tx(c -> {
                Map<JobState, Integer> counts = new EnumMap<>(JobState.class);
                double oldest = 0;
                try (PreparedStatement ps = c.prepareStatement("SELECT state, count(*), extract(epoch FROM now() - min(queued_at)) "
                        + "FROM thinslice_job GROUP BY state"); ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        JobState s = JobState.valueOf(rs.getString(1).toUpperCase(java.util.Locale.ROOT));
                        counts.put(s, rs.getInt(2));
                        if (s == JobState.WAITING && rs.getObject(3) != null) {
                            oldest = Math.max(0, rs.getDouble(3));
                        }
                    }
                }
                return new Snapshot(counts, oldest);
            });
            if (unreachable) {
                unreachable = false;
                LOG.info("job store reachable again: new instances are recorded, work goes on");
            }
        } catch (JobStoreUnavailable e) {
            if (!unreachable) {
                unreachable = true; // said once per outage, not every second
                LOG.warning("job store unreachable (" + e.getMessage() + "): new instances are refused until it answers");
            }
        }
    }

    /** Whether the pulse last found the job store unreachable (what the log has said). */
    private volatile boolean unreachable;

    // ---- retention, operator actions, views ----------------------------------------------------------------------

    void expire() {
        if (settings.retention().isZero()) {
            return;
        }
        List<String> due = tx(c -> strings(c, "SELECT id FROM thinslice_job WHERE state IN ('done', 'failed', 'ignored') AND NOT grew "
                + "AND finished_at <= now() - (? * interval '1 millisecond')", settings.retention().toMillis()));
        for (String id : due) {
            Job expired = tx(c -> {
                List<String> still = strings(c, "SELECT id FROM thinslice_job WHERE id = ? AND state IN ('done', 'failed', 'ignored') AND NOT grew "
                        + "AND finished_at <= now() - (? * interval '1 millisecond') FOR UPDATE SKIP LOCKED", id, settings.retention().toMillis());
                if (still.isEmpty()) {
                    return null;
                }
                Locked l = lock(c, id, false);
                Job job = l.job;
                // Under the row lock: an instance of the series arriving at any node now waits, and finds it expired.
                deleteFiles(c, job);
                job.state = JobState.EXPIRED;
                job.expiredAt = now(c);
                save(c, job, false, null);
                return job;
            });
            if (expired != null) {
                seriesExpired.increment();
                LOG.info("series " + expired.seriesInstanceUid + " expired: received and derived files deleted");
                events.expired(expired.copy());
            }
        }
    }

    @Override
    public Job retry(String id) throws JobActionRefused {
        Object r = tx(c -> {
            Locked l = lock(c, id, true);
            if (l == null) {
                return new JobActionRefused(JobActionRefused.Why.UNKNOWN, "no job with id " + id);
            }
            Job job = l.job;
            if (job.state != JobState.FAILED) {
                return new JobActionRefused(JobActionRefused.Why.CONFLICT, "job " + id + " is " + job.state.json() + "; only a failed job can be retried");
            }
            job.state = JobState.WAITING;
            job.queuedAt = now(c);
            forgetLastRun(job);
            save(c, job, l.grew, "retry");
            return job;
        });
        if (r instanceof JobActionRefused refused) {
            throw refused;
        }
        Job job = (Job) r;
        LOG.info("series " + job.seriesInstanceUid + " queued again by an operator");
        return job;
    }

    @Override
    public void forget(String id) throws JobActionRefused, IOException {
        Object r;
        try {
            r = forgetting(id);
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
        if (r instanceof JobActionRefused refused) {
            throw refused;
        }
        LOG.info("series " + ((Job) r).seriesInstanceUid + " forgotten by an operator: job, received and derived files deleted");
    }

    private Object forgetting(String id) {
        return tx(c -> {
            Locked l = lock(c, id, true);
            if (l == null) {
                return new JobActionRefused(JobActionRefused.Why.UNKNOWN, "no job with id " + id);
            }
            Job job = l.job;
            if (running(job)) {
                return new JobActionRefused(JobActionRefused.Why.CONFLICT, "job " + id + " is " + job.state.json() + "; a running job cannot be deleted");
            }
            deleteFiles(c, job);
            update(c, "DELETE FROM thinslice_job WHERE id = ?", id);
            return job;
        });
    }

    @Override
    public List<Job> jobs() {
        return tx(c -> {
            List<Job> all = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT record::text FROM thinslice_job"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    all.add(read(rs.getString(1), Job.class));
                }
            }
            all.sort(Comparator.comparing((Job j) -> j.firstReceivedAt, Comparator.nullsLast(Comparator.reverseOrder())));
            return all;
        });
    }

    @Override
    public Optional<Job> job(String id) {
        return Optional.ofNullable(tx(c -> {
            String record = string(c, "SELECT record::text FROM thinslice_job WHERE id = ?", id);
            return record == null ? null : read(record, Job.class);
        }));
    }

    /**
     * From the jobs queued or in synthesis and those that ended in the last day (not every record: the check runs at
     * every probe and scrape), cached for two seconds.
     */
    @Override
    public JobsStatus status(int failingAfter, Duration stuckAfter) {
        JobsStatus cached = cachedStatus;
        if (cached != null && System.nanoTime() - cachedStatusNanos < 2_000_000_000L && cached.failingAfter() == failingAfter
                && cached.stuckAfter().equals(stuckAfter)) {
            return cached;
        }
        try {
            JobsStatus s = tx(c -> {
                List<Job> recent = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT record::text FROM thinslice_job WHERE state IN ('waiting', 'processing') "
                        + "OR finished_at > now() - interval '1 day' ORDER BY finished_at DESC NULLS FIRST LIMIT 1000");
                     ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        recent.add(read(rs.getString(1), Job.class));
                    }
                }
                return JobsStatus.of(recent, now(c), failingAfter, stuckAfter);
            });
            cachedStatus = s;
            cachedStatusNanos = System.nanoTime();
            return s;
        } catch (JobStoreUnavailable e) {
            return cached != null ? cached : new JobsStatus(0, Duration.ZERO, failingAfter, stuckAfter);
        }
    }

    @Override
    public void beginStop() {
        stopping = true;
    }

    /** Stops, and gives up this node's claims at once (a rolling restart): another node takes them over without waiting for the lease. */
    @Override
    public void close() {
        stopping = true;
        timer.shutdownNow();
        workers.shutdownNow();
        exports.shutdownNow();
        try {
            tx(c -> update(c, "UPDATE thinslice_job SET lease_until = now() - interval '1 second' WHERE lease_owner = ?", node.name()));
        } catch (RuntimeException e) {
            LOG.info("claims not released at the stop (" + e.getMessage() + "); they run out after thinslice.jobs.lease");
        }
    }

    // ---- the database ---------------------------------------------------------------------------------------------

    /** A job read under its row lock, with the queue columns it carries. */
    private record Locked(Job job, boolean grew, String trigger, String owner) {
    }

    private Locked lock(Connection c, String id, boolean mayBeMissing) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT record::text, grew, next_trigger, lease_owner FROM thinslice_job WHERE id = ? FOR UPDATE")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    if (mayBeMissing) {
                        return null;
                    }
                    throw new SQLException("job " + id + " vanished");
                }
                return new Locked(read(rs.getString(1), Job.class), rs.getBoolean(2), rs.getString(3), rs.getString(4));
            }
        }
    }

    /**
     * Deletes a series' received and derived files and forgets its instances, under the job's row lock (the caller's
     * transaction), so the same SOP Instance UIDs sent again start a new job.
     */
    private void deleteFiles(Connection c, Job job) throws SQLException {
        try {
            spool.deleteSeries(job.seriesInstanceUid, () -> true);
            if (job.derivedSeriesInstanceUid != null) {
                settings.derived().delete(job.derivedSeriesInstanceUid);
            }
            if (job.uncertaintySeriesInstanceUid != null) {
                settings.derived().delete(job.uncertaintySeriesInstanceUid);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        update(c, "DELETE FROM thinslice_instance WHERE series_uid = ?", job.seriesInstanceUid);
    }

    /** The job under its row lock if this claim still holds it, else null (lost: taken over, deleted, released). */
    private Locked lockOwned(Connection c, Claim claim) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM thinslice_job WHERE id = ? AND lease_token = ? FOR UPDATE")) {
            ps.setString(1, claim.id);
            ps.setObject(2, claim.token);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    claim.lost = true;
                    return null;
                }
            }
        }
        return lock(c, claim.id, false);
    }

    private void save(Connection c, Job job, boolean grew, String trigger) throws SQLException {
        update(c, "UPDATE thinslice_job SET state = ?, record = ?::jsonb, last_received_at = ?, queued_at = ?, finished_at = ?, grew = ?, next_trigger = ? WHERE id = ?",
                job.state.json(), write(job), job.lastReceivedAt, job.queuedAt, job.finishedAt, grew, trigger, job.id);
    }

    private static Instant now(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT now()"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getObject(1, OffsetDateTime.class).toInstant();
        }
    }

    private static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, args)) {
            return ps.executeUpdate();
        }
    }

    private static List<String> strings(Connection c, String sql, Object... args) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static String string(Connection c, String sql, Object... args) throws SQLException {
        List<String> all = strings(c, sql, args);
        return all.isEmpty() ? null : all.get(0);
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a instanceof Instant t) {
                ps.setObject(i + 1, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
            } else if (a == null) {
                ps.setNull(i + 1, Types.NULL);
            } else {
                ps.setObject(i + 1, a);
            }
        }
        return ps;
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** One transaction; a database that cannot be reached (or fails) is a {@link JobStoreUnavailable}. */
    private <T> T tx(Work<T> work) {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                lastAnswerNanos = System.nanoTime();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException ignored) {
                    // the connection is gone; the pool drops it
                }
                throw e;
            }
        } catch (SQLException e) {
            lastAnswerNanos = System.nanoTime() - RECORDING_WINDOW.toNanos() - 1;
            throw new JobStoreUnavailable("the job store (PostgreSQL) failed: " + e.getMessage(), e);
        }
    }

    /** As {@link #tx}, logging a failure instead (callbacks from the exporter's threads). */
    private <T> T safeTx(Work<T> work) {
        try {
            return tx(work);
        } catch (RuntimeException e) {
            LOG.warning("job store update failed: " + e.getMessage());
            return null;
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> T read(String text, Class<T> type) throws SQLException {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new SQLException("unreadable job record: " + e.getOriginalMessage());
        }
    }

    private <T> T read(String text, TypeReference<T> type) throws SQLException {
        try {
            return text == null ? null : json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new SQLException("unreadable job record: " + e.getOriginalMessage());
        }
    }

    private static void safely(String what, Runnable r) {
        try {
            r.run();
        } catch (JobStoreUnavailable e) {
            LOG.fine(what + ": " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, what + " failed", e);
        }
    }

    private static java.util.concurrent.ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}

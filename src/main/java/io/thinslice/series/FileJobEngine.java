package io.thinslice.series;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.thinslice.derive.DeriveConfig;
import io.thinslice.export.ExportConfig;
import io.thinslice.export.RetryPolicy;
import io.thinslice.export.SeriesDestination;
import io.thinslice.export.SeriesExporter;
import io.thinslice.synthesis.Interpolators;
import io.thinslice.synthesis.SynthesisConfig;
import io.thinslice.volume.SeriesRefusedException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The embedded job engine ({@code thinslice.jobs.store=file}): one node, job records as JSON files under the storage
 * folder. One job per Series Instance UID, moved through
 * receiving → waiting → processing → exporting → done (or failed / ignored). Every exception in a step
 * becomes a failed job with its reason. Job records are saved at each state change and reconciled with
 * the spool at start, so a series spooled before a crash is processed after the restart.
 *
 * <p>Plain Java (the Quarkus wiring is in {@link JobEngineProducer}), so tests can drive it with their own clock.
 */
public final class FileJobEngine implements JobEngine {

    private static final Logger LOG = Logger.getLogger(FileJobEngine.class.getName());

    static final String WAITING_FOR_SPACE = "waiting for free disk space (below thinslice.storage.min-free)";
    static final String WAITING_FOR_A_PLACE = "waiting in the spool for a place in the synthesis queue (thinslice.series.max-queued)";
    /** How often a waiting synthesis looks at the free space again. */
    private static final long SPACE_POLL_MILLIS = 1000;

    private final Settings settings;
    private final SpooledSeries spool;
    private final JobStore store;
    private final Clock clock;
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    /** Series that got new instances while a run was in progress: back to receiving when it ends. */
    private final java.util.Set<String> grewDuringRun = new java.util.HashSet<>();
    /** Expired jobs whose files are not all deleted yet (deletion interrupted by a stop or an I/O error). */
    private final java.util.Set<String> leftovers = new java.util.HashSet<>();
    /** Only the stability tick: never blocked by a slow destination. */
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(named("thinslice-timer"));
    /** C-STORE and STOW-RS attempts and their back-off waits; each attempt blocks its thread while it sends. */
    private final ScheduledExecutorService exports = Executors.newScheduledThreadPool(2, named("thinslice-export"));
    /**
     * The synthesis workers ({@code thinslice.synthesis.workers}, default one): one series' volumes in memory per
     * worker. Their queue holds at most {@link Settings#maxQueued()} job ids, in the order the series became complete.
     */
    private final ExecutorService worker;
    /** Ids in the worker's queue, not yet started. */
    private int queued;
    /**
     * The live queue entry of each queued job: an entry made stale (its series reopened by a new instance, or
     * deleted) does nothing when its turn comes, so a series runs once, at the place it last completed.
     */
    private final Map<String, Object> tickets = new java.util.HashMap<>();
    /**
     * Complete series (job id → what queued it) that found the worker's queue full: they wait in the spool, in
     * completion order, and take the places that free up.
     */
    private final LinkedHashMap<String, String> held = new LinkedHashMap<>();
    /** Set at the stop: failures from then on are the stop's interrupts, not the series'. */
    private volatile boolean stopping;
    private final SeriesExporter exporter;
    private final MeterRegistry meters;
    private final Counter seriesCompleted;
    private final Timer synthesisTimer;
    private final Counter seriesExpired;
    private final Counter seriesHeld;
    private volatile JobEvents events = JobEvents.NONE;

    public FileJobEngine(Settings settings, SpooledSeries spool, ObjectMapper json, MeterRegistry meters, Clock clock) throws IOException {
        this.settings = settings;
        this.spool = spool;
        this.clock = clock;
        this.meters = meters;
        this.worker = Executors.newFixedThreadPool(settings.workers(), named("thinslice-synthesis"));
        this.store = new JobStore(settings.storageRoot().resolve("jobs"), json);
        this.exporter = new SeriesExporter(exports, settings.retry(), clock);
        this.seriesCompleted = Counter.builder("thinslice.series.completed").description("Series that became stable").register(meters);
        this.seriesExpired = Counter.builder("thinslice.storage.expired")
                .description("Series whose received and derived files were deleted after the retention time").register(meters);
        this.seriesHeld = Counter.builder("thinslice.series.held")
                .description("Complete series that found the synthesis queue full and waited in the spool for a place").register(meters);
        this.synthesisTimer = Timer.builder("thinslice.synthesis.duration").description("Time to synthesise a thin volume")
                .tag("method", settings.processor().method()).register(meters);
        for (JobState s : JobState.values()) {
            meters.gauge("thinslice.jobs.current", List.of(io.micrometer.core.instrument.Tag.of("state", s.json())), this,
                    e -> e.count(s));
        }
        QueueMetrics.register(meters, () -> count(JobState.WAITING), this::oldestWaitingSeconds);
    }

    /** Who hears of derived, exported and expired series (the audit trail); set before {@link #start()}. */
    @Override
    public void setEvents(JobEvents events) {
        this.events = JobEvents.guarded(events);
    }

    /** Loads job records, reconciles them with the spool and starts the stability clock. */
    @Override
    public void start() throws IOException {
        settings.derived().recover();
        synchronized (this) {
            Instant now = clock.instant();
            for (Job j : store.loadAll()) {
                jobs.put(j.id, j);
                Attempt open = j.openAttempt();
                if (open != null) {
                    // The run in progress at the stop ended with the stop; the resumed series gets a new attempt.
                    open.outcome = "interrupted";
                    open.reason = "the node stopped during this run";
                    store.save(j);
                }
            }
            for (String series : spool.seriesUids()) {
                int count = spool.files(series).size();
                if (count == 0) {
                    continue;
                }
                Job job = jobs.get(JobEngine.idFor(series));
                if (job != null && job.state == JobState.EXPIRED) {
                    leftovers.add(job.id); // stopped while deleting: finish the deletion, do not process it again
                    continue;
                }
                if (job == null) {
                    job = newJob(series);
                    job.origin = "spool";
                    job.firstReceivedAt = now;
                }
                if (!job.state.isFinal() || job.instancesReceived != count) {
                    // Unfinished (or grown) before the stop: treat as just received, so it is processed afresh.
                    LOG.info("resuming series " + series + " (" + count + " instances, was " + job.state.json() + ")");
                    job.instancesReceived = count;
                    job.lastReceivedAt = now;
                    job.state = JobState.RECEIVING;
                    job.reason = null;
                    store.save(job);
                }
            }
        }
        timer.scheduleWithFixedDelay(this::safeTick, 0, 250, TimeUnit.MILLISECONDS);
        long check = settings.retentionCheck().toMillis();
        timer.scheduleWithFixedDelay(this::safeExpire, Math.min(check, 1000), check, TimeUnit.MILLISECONDS);
    }

    /** Called by every way in once an instance is durably spooled. */
    @Override
    public synchronized void onInstance(ReceivedInstance instance) {
        String series = instance.header().seriesInstanceUid();
        Job job = jobs.get(JobEngine.idFor(series));
        boolean created = job == null;
        if (created) {
            job = newJob(series);
        }
        if (created || job.state == JobState.EXPIRED) {
            // An expired series sent again starts from nothing: its earlier files were deleted.
            job.origin = instance.origin();
            job.firstReceivedAt = instance.receivedAt();
            job.instancesReceived = 0;
            job.duplicatesReceived = 0;
        }
        if (job.studyInstanceUid == null) {
            job.studyInstanceUid = instance.header().studyInstanceUid();
            job.modality = instance.header().modality();
            job.seriesDescription = instance.header().seriesDescription();
        }
        job.lastReceivedAt = instance.receivedAt();
        if (instance.duplicate()) {
            job.duplicatesReceived++;
        } else {
            job.instancesReceived++;
            if (job.state == JobState.PROCESSING || job.state == JobState.EXPORTING) {
                grewDuringRun.add(job.id);
            } else if (job.state != JobState.RECEIVING) {
                reopen(job);
            }
        }
        if (created || job.state == JobState.RECEIVING && job.instancesReceived == 1) {
            store.save(job);
        }
    }

    @Override
    public synchronized List<Job> jobs() {
        return jobs.values().stream().map(Job::copy).sorted(Comparator.comparing((Job j) -> j.firstReceivedAt,
                Comparator.nullsLast(Comparator.reverseOrder()))).toList();
    }

    @Override
    public synchronized Optional<Job> job(String id) {
        return Optional.ofNullable(jobs.get(id)).map(Job::copy);
    }

    /** The file store records on the local disk: nothing to wait for. */
    @Override
    public boolean recording() {
        return true;
    }

    private synchronized double oldestWaitingSeconds() {
        Instant now = clock.instant();
        return jobs.values().stream().filter(j -> j.state == JobState.WAITING && j.queuedAt != null)
                .mapToDouble(j -> Math.max(0, Duration.between(j.queuedAt, now).toMillis() / 1000.0)).max().orElse(0);
    }

    private void countClaim(String stage) {
        Counter.builder("thinslice.jobs.claims").description("Jobs this node claimed, by stage").tag("node", settings.node().name())
                .tag("stage", stage).register(meters).increment();
    }

    synchronized int count(JobState state) {
        return (int) jobs.values().stream().filter(j -> j.state == state).count();
    }

    private Job newJob(String series) {
        Job job = new Job();
        job.id = JobEngine.idFor(series);
        job.seriesInstanceUid = series;
        job.method = settings.processor().method();
        job.factor = settings.processor().factor();
        jobs.put(job.id, job);
        return job;
    }

    private void reopen(Job job) {
        held.remove(job.id);
        tickets.remove(job.id);
        job.state = JobState.RECEIVING;
        job.expiredAt = null;
        leftovers.remove(job.id);
        job.completedAt = null;
        forgetLastRun(job);
        store.save(job);
    }

    /** Clears what the last run wrote into the job (its attempts stay), before the job runs again. */
    private static void forgetLastRun(Job job) {
        job.reason = null;
        job.processingStartedAt = null;
        job.exportStartedAt = null;
        job.finishedAt = null;
        job.exports = new ArrayList<>();
    }

    private void safeTick() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "stability check failed", e);
        }
    }

    private void safeExpire() {
        try {
            expire();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "retention check failed", e);
        }
    }

    /**
     * Deletes the received instances and the derived series of every job that finished longer than the retention
     * ago; the job record stays, as {@code expired}. The decision is taken again while no instance can be spooled, so
     * a series that is being sent again at that moment is processed afresh rather than deleted.
     */
    void expire() {
        List<Job> due;
        synchronized (this) {
            Instant now = clock.instant();
            due = jobs.values().stream().filter(j -> leftovers.contains(j.id) || expirable(j, now)).map(Job::copy).toList();
        }
        for (Job j : due) {
            try {
                if (spool.deleteSeries(j.seriesInstanceUid, () -> markExpired(j.id))) {
                    synchronized (this) {
                        leftovers.remove(j.id);
                    }
                    events.expired(j);
                }
            } catch (IOException | RuntimeException e) {
                LOG.warning("could not delete the files of expired series " + j.seriesInstanceUid + ": " + e);
            }
        }
    }

    private boolean expirable(Job j, Instant now) {
        return !settings.retention().isZero() && (j.state == JobState.DONE || j.state == JobState.FAILED || j.state == JobState.IGNORED)
                && j.finishedAt != null && !j.finishedAt.plus(settings.retention()).isAfter(now) && !grewDuringRun.contains(j.id);
    }

    /**
     * Marks the job expired (saved before anything is deleted: a stop half-way leaves an expired job whose leftovers
     * are deleted after the restart, never a half series to process) and deletes its derived series; false if it is
     * no longer due.
     */
    private synchronized boolean markExpired(String id) {
        Job job = jobs.get(id);
        if (job == null) {
            return false; // deleted by an operator meanwhile
        }
        if (job.state != JobState.EXPIRED) {
            if (!expirable(job, clock.instant())) {
                return false;
            }
            job.state = JobState.EXPIRED;
            job.expiredAt = clock.instant();
            store.save(job);
            seriesExpired.increment();
            LOG.info("series " + job.seriesInstanceUid + " expired: received and derived files deleted");
        } else if (!leftovers.contains(id)) {
            return false;
        }
        leftovers.add(id); // until every file is gone
        if (job.derivedSeriesInstanceUid != null) {
            try {
                deleteDerivedSeries(job);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return true;
    }

    /**
     * Moves every series that has been quiet for the stable time to waiting and queues it, in the order the series
     * became complete (their last instance); series resumed after a restart all completed "now", and keep the order
     * in which they had completed or first arrived before the stop.
     */
    synchronized void tick() {
        if (stopping) {
            return;
        }
        Instant now = clock.instant();
        List<Job> complete = jobs.values().stream()
                .filter(job -> job.state == JobState.RECEIVING && job.lastReceivedAt != null
                        && !job.lastReceivedAt.plus(settings.stableAfter()).isAfter(now))
                .sorted(COMPLETION_ORDER).toList();
        for (Job job : complete) {
            job.state = JobState.WAITING;
            job.completedAt = now;
            job.queuedAt = now;
            seriesCompleted.increment();
            queue(job, "series complete");
            store.save(job);
        }
    }

    static final Comparator<Job> COMPLETION_ORDER = Comparator.comparing((Job j) -> j.lastReceivedAt)
            .thenComparing(j -> j.completedAt, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(j -> j.firstReceivedAt, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(j -> j.seriesInstanceUid);

    /** Puts a waiting job in the worker's queue, or holds it in the spool while the queue is full. Caller saves the job. */
    private void queue(Job job, String trigger) {
        if (queued < settings.maxQueued() && held.isEmpty()) {
            submit(job.id, trigger);
        } else {
            held.put(job.id, trigger);
            job.reason = WAITING_FOR_A_PLACE;
            seriesHeld.increment();
            LOG.info("synthesis queue full (" + settings.maxQueued() + " series): series " + job.seriesInstanceUid + " waits in the spool");
        }
    }

    private void submit(String id, String trigger) {
        queued++;
        Object ticket = new Object();
        tickets.put(id, ticket);
        worker.execute(() -> run(id, trigger, ticket));
    }

    /** Moves held series into the worker's queue while it has room, oldest first. */
    private void admitHeld() {
        var it = held.entrySet().iterator();
        while (queued < settings.maxQueued() && it.hasNext()) {
            var next = it.next();
            it.remove();
            Job job = jobs.get(next.getKey());
            if (job != null && job.state == JobState.WAITING) {
                if (WAITING_FOR_A_PLACE.equals(job.reason)) {
                    job.reason = null;
                    store.save(job);
                }
                submit(job.id, next.getValue());
            }
        }
    }

    private void run(String id, String trigger, Object ticket) {
        synchronized (this) {
            queued--;
            admitHeld();
            if (!tickets.remove(id, ticket)) {
                return; // stale: reopened or deleted since it was queued
            }
        }
        if (stopping || !awaitFreeSpace(id)) {
            return; // stays waiting; the next start queues it again
        }
        String series;
        synchronized (this) {
            Job job = jobs.get(id);
            if (job == null || job.state != JobState.WAITING) {
                return;
            }
            job.state = JobState.PROCESSING;
            job.processingStartedAt = clock.instant();
            job.attempts.add(new Attempt(job.attempts.size() + 1, trigger, job.processingStartedAt));
            job.method = settings.processor().method();
            job.factor = settings.processor().factor();
            store.save(job);
            series = job.seriesInstanceUid;
        }
        countClaim("synthesize");
        try {
            SeriesProcessor.Result result = settings.processor().process(spool.files(series));
            synthesisTimer.record(Duration.ofMillis(result.synthesisMillis()));
            startExport(id, result);
        } catch (SeriesRefusedException e) {
            finish(id, e.outcome() == SeriesRefusedException.Outcome.IGNORED ? JobState.IGNORED : JobState.FAILED, e.getMessage());
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            if (stopping) {
                // Interrupted by the stop, not a verdict on the series: the job stays as it is, and the next start
                // marks the attempt interrupted and runs the series again.
                LOG.info("series " + series + " interrupted by the stop; it runs again at the next start");
                return;
            }
            LOG.log(Level.WARNING, "series " + series + " failed", e);
            finish(id, JobState.FAILED, "processing failed: " + e);
        }
    }

    /**
     * Holds the synthesis worker (so no series starts) while the storage is below its free-space watermark: a derived
     * series needs room, and what room is left is kept for instances already accepted. The job stays waiting, its
     * reason says why. False when the node is stopping.
     */
    private boolean awaitFreeSpace(String id) {
        boolean told = false;
        while (settings.lowOnSpace().getAsBoolean()) {
            if (!told) {
                told = true;
                synchronized (this) {
                    Job job = jobs.get(id);
                    if (job != null && job.state == JobState.WAITING) {
                        job.reason = WAITING_FOR_SPACE;
                        store.save(job);
                    }
                }
                LOG.warning("synthesis waits: free disk space is below thinslice.storage.min-free");
            }
            try {
                Thread.sleep(SPACE_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        if (told) {
            synchronized (this) {
                Job job = jobs.get(id);
                if (job != null && WAITING_FOR_SPACE.equals(job.reason)) {
                    job.reason = null;
                }
            }
            LOG.info("free disk space is back above thinslice.storage.min-free; synthesis resumes");
        }
        return true;
    }

    private void startExport(String id, SeriesProcessor.Result result) {
        synchronized (this) {
            Job job = jobs.get(id);
            job.synthesisMillis = result.synthesisMillis();
            job.derivedSeriesInstanceUid = result.derivedSeriesUid();
            job.uncertaintySeriesInstanceUid = result.uncertaintySeriesUid();
            job.derivedBy = result.derivedBy();
            job.factor = result.factor(); // chosen per series when a target spacing is set
            job.synthesis = result.synthesis().isEmpty() ? null : new java.util.TreeMap<>(result.synthesis());
            String choice = result.synthesis().getOrDefault("choice", result.derivedBy().split(" ")[0]);
            Counter.builder("thinslice.synthesis.choice")
                    .description("Derived series by the method that made them (the guard's choice per series)")
                    .tag("choice", choice).register(meters).increment();
            job.derivedInstances = result.instances().size();
            job.state = JobState.EXPORTING;
            job.exportStartedAt = clock.instant();
            job.exports = new ArrayList<>();
            settings.destinations().forEach(d -> job.exports.add(new ExportProgress(d.describe())));
            store.save(job);
        }
        job(id).ifPresent(j -> events.derived(j));
        countClaim("export");
        Instant started = clock.instant();
        exporter.export(result.allInstances(), settings.destinations(), new SeriesExporter.Progress() {
            @Override
            public void attempted(SeriesDestination d, int attempt, int acknowledged, String problem, Instant nextAttempt) {
                synchronized (FileJobEngine.this) {
                    Job job = jobs.get(id);
                    for (ExportProgress p : job.exports) {
                        if (p.destination.equals(d.describe())) {
                            p.attempts = attempt;
                            p.sent += acknowledged;
                            p.lastError = problem;
                            p.nextAttemptAt = nextAttempt;
                            if (problem != null) {
                                p.failed(attempt, clock.instant(), problem);
                            }
                            p.state = problem == null ? "done" : nextAttempt == null ? "failed" : "retrying";
                        }
                    }
                    store.save(job);
                }
                job(id).ifPresent(j -> events.exported(j, d.describe(), acknowledged, problem));
                if (problem != null) {
                    LOG.warning("export of " + result.derivedSeriesUid() + " to " + d + ", attempt " + attempt + ": " + problem
                            + (nextAttempt == null ? "" : "; next attempt at " + nextAttempt));
                }
            }

            @Override
            public void finished(String failure) {
                Duration took = Duration.between(started, clock.instant());
                Timer.builder("thinslice.export.duration").description("Time to deliver a derived series to all destinations")
                        .tag("outcome", failure == null ? "done" : "failed").register(meters).record(took);
                if (failure != null && stopping) {
                    return; // cut by the stop: exported again after the next start
                }
                synchronized (FileJobEngine.this) {
                    jobs.get(id).exportMillis = took.toMillis();
                }
                finish(id, failure == null ? JobState.DONE : JobState.FAILED, failure);
            }
        });
    }

    private void finish(String id, JobState state, String reason) {
        synchronized (this) {
            Job job = jobs.get(id);
            job.state = state;
            job.reason = reason;
            job.finishedAt = clock.instant();
            Attempt attempt = job.openAttempt();
            if (attempt != null) {
                attempt.endedAt = job.finishedAt;
                attempt.outcome = state.json();
                attempt.reason = reason;
            }
            Counter.builder("thinslice.jobs.finished").description("Jobs that reached a final state").tag("outcome", state.json())
                    .register(meters).increment();
            if (state != JobState.DONE) {
                // An ignored series is the selection working as configured, not a fault to alert on.
                LOG.log(state == JobState.IGNORED ? java.util.logging.Level.INFO : java.util.logging.Level.WARNING, "series " + job.seriesInstanceUid + " " + state.json() + ": " + reason);
            } else {
                LOG.info("series " + job.seriesInstanceUid + " done: derived " + job.derivedSeriesInstanceUid + " (" + job.derivedInstances + " instances)");
            }
            if (grewDuringRun.remove(id)) {
                reopen(job);
                job.lastReceivedAt = clock.instant();
            }
            store.save(job);
        }
    }

    /**
     * Runs a failed job again from its spooled instances, behind the series already queued. The failure stays in the
     * job's attempts; the job's own reason is cleared until the new run ends.
     */
    @Override
    public Job retry(String id) throws JobActionRefused {
        synchronized (this) {
            Job job = existing(id);
            if (job.state != JobState.FAILED) {
                throw new JobActionRefused(JobActionRefused.Why.CONFLICT,
                        "job " + id + " is " + job.state.json() + "; only a failed job can be retried");
            }
            Instant now = clock.instant();
            job.state = JobState.WAITING;
            job.queuedAt = now;
            forgetLastRun(job);
            queue(job, "retry");
            store.save(job);
            LOG.info("series " + job.seriesInstanceUid + " queued again by an operator");
            return job.copy();
        }
    }

    /**
     * Forgets a series: its received instances, its derived series and its job record are deleted. Refused while the
     * job runs (processing or exporting): its files are in use. Like retention, the decision is taken again under the
     * spool's write lock, so an instance arriving meanwhile either goes before the deletion or starts a new job.
     */
    @Override
    public void forget(String id) throws JobActionRefused, IOException {
        String series;
        synchronized (this) {
            Job job = existing(id);
            refuseIfRunning(job);
            series = job.seriesInstanceUid;
        }
        boolean deleted = spool.deleteSeries(series, () -> markForgotten(id));
        synchronized (this) {
            if (!deleted) {
                refuseIfRunning(existing(id)); // it started to run between the two looks
                throw new IllegalStateException("job " + id + " could not be deleted");
            }
            leftovers.remove(id);
            if (!jobs.containsKey(id)) { // an instance of the series arriving just after the deletion starts a new job: keep its record
                store.delete(id);
            }
        }
        LOG.info("series " + series + " forgotten by an operator: job, received and derived files deleted");
    }

    /**
     * Under the spool's write lock: the job is saved as expired first (a stop half-way leaves leftovers that the next
     * start deletes, never a half series to process), its derived series deleted and the job dropped from memory.
     */
    private synchronized boolean markForgotten(String id) {
        Job job = jobs.get(id);
        if (job == null || running(job)) {
            return false;
        }
        job.state = JobState.EXPIRED;
        job.expiredAt = clock.instant();
        job.reason = "deleted by an operator";
        store.save(job);
        grewDuringRun.remove(id);
        held.remove(id);
        tickets.remove(id);
        if (job.derivedSeriesInstanceUid != null) {
            try {
                deleteDerivedSeries(job);
            } catch (IOException e) {
                leftovers.add(id); // the retention check finishes it
                throw new java.io.UncheckedIOException(e);
            }
        }
        jobs.remove(id);
        return true;
    }

    private Job existing(String id) throws JobActionRefused {
        Job job = jobs.get(id);
        if (job == null) {
            throw new JobActionRefused(JobActionRefused.Why.UNKNOWN, "no job with id " + id);
        }
        return job;
    }

    private static boolean running(Job job) {
        return job.state == JobState.PROCESSING || job.state == JobState.EXPORTING;
    }

    private static void refuseIfRunning(Job job) throws JobActionRefused {
        if (running(job)) {
            throw new JobActionRefused(JobActionRefused.Why.CONFLICT,
                    "job " + job.id + " is " + job.state.json() + "; a running job cannot be deleted");
        }
    }

    /** How the jobs are going now, for the health check and its metrics. */
    @Override
    public synchronized JobsStatus status(int failingAfter, Duration stuckAfter) {
        return JobsStatus.of(jobs.values(), clock.instant(), failingAfter, stuckAfter);
    }

    /** The node is stopping: no series starts from now on, and what fails from now on failed because of the stop. */
    @Override
    public void beginStop() {
        stopping = true;
    }

    @Override
    public void close() {
        stopping = true;
        timer.shutdownNow();
        exports.shutdownNow();
        worker.shutdownNow();
    }

    private static java.util.concurrent.ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** The job's derived series and, if one was made, its uncertainty series. */
    private void deleteDerivedSeries(Job job) throws IOException {
        settings.derived().delete(job.derivedSeriesInstanceUid);
        if (job.uncertaintySeriesInstanceUid != null) {
            settings.derived().delete(job.uncertaintySeriesInstanceUid);
        }
    }
}

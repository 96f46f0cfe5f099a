package io.thinslice.series;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.thinslice.derive.DerivedSeriesSettings;
import io.thinslice.dicom.SourceSeriesSpec;
import io.thinslice.dicom.SourceSeriesWriter;
import io.thinslice.export.RetryPolicy;
import io.thinslice.ingest.InstanceSpool;
import io.thinslice.studies.PhantomGenerator;
import io.thinslice.studies.PhantomSpec;
import io.thinslice.synthesis.Interpolators;
import io.thinslice.volume.Decimation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every job store must do, run against each ({@link FileJobEngineTest}, {@link ClusterJobEngineTest}): real
 * phantom series spooled by the real spool, derived by the linear method, the job's states and records as the admin API
 * shows them, the operator's retry and delete, retention and a restart. No export destination: delivery is the
 * end-to-end tests' part (ClusterIT, StoreRoundTripIT).
 */
abstract class JobEngineContract {

    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    static final Duration STABLE = Duration.ofSeconds(1);

    @TempDir
    Path tmp;
    Path storage;
    InstanceSpool spool;
    JobEngine engine;
    private final List<AutoCloseable> open = new ArrayList<>();

    /** A fresh engine of the store under test, on {@code storage}; the store's records survive a {@link #restart}. */
    abstract JobEngine create(JobEngine.Settings settings, InstanceSpool spool) throws Exception;

    @BeforeEach
    void setUp() throws Exception {
        storage = Files.createDirectories(tmp.resolve("storage"));
        spool = new InstanceSpool(storage, Clock.systemUTC());
        open.add(spool);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (engine != null) {
            engine.close();
        }
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    JobEngine.Settings settings(String node, int maxSlices, Duration retention) {
        DerivedFolders derived = new DerivedFolders(storage.resolve("derived"), storage.resolve("derived-staging").resolve(node));
        SeriesProcessor processor = new SeriesProcessor(Interpolators.byName("linear"), 4, DerivedSeriesSettings.defaults(), "THINSLICE",
                derived, maxSlices);
        return new JobEngine.Settings(storage, STABLE, processor, List.of(), new RetryPolicy(1, Duration.ofSeconds(1), Duration.ofSeconds(1)),
                "THINSLICE", retention, Duration.ofMillis(300), derived, () -> false, 64, 1,
                new JobEngine.Node(node, EnumSet.allOf(NodeConfig.Role.class)));
    }

    JobEngine start(JobEngine.Settings settings) throws Exception {
        JobEngine e = create(settings, spool);
        e.start();
        return e;
    }

    /** A phantom series of 5 thick slices (32 x 32), its UIDs name-based on {@code name}. */
    List<Path> series(String name) throws Exception {
        var thin = PhantomGenerator.thin(new PhantomSpec(32, 32, 17, 1.5, 1.25, name.hashCode()));
        return SourceSeriesWriter.write(Decimation.keepEveryNth(thin, 4, 0), SourceSeriesSpec.named("contract/" + name, "Contract^" + name,
                "Contract " + name, 2, 0), tmp.resolve("studies").resolve(name));
    }

    /** Spools a copy of each file as a way in does, telling {@code to}. */
    void send(JobEngine to, InstanceSpool through, List<Path> files) throws Exception {
        Path incoming = Files.createDirectories(storage.resolve("incoming"));
        for (Path f : files) {
            Path copy = Files.copy(f, incoming.resolve(f.getFileName() + "-" + System.nanoTime()), StandardCopyOption.REPLACE_EXISTING);
            through.store(copy, "TEST:CONTRACT", to::onInstance);
        }
    }

    static String seriesUid(List<Path> files) throws Exception {
        return io.thinslice.dicom.InstanceReader.readHeader(files.get(0)).seriesInstanceUid();
    }

    static Job await(JobEngine engine, String seriesUid, Predicate<Job> condition, String what) throws InterruptedException {
        String id = JobEngine.idFor(seriesUid);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Job last = null;
        while (System.nanoTime() < deadline) {
            last = engine.job(id).orElse(null);
            if (last != null && condition.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        fail("job of series " + seriesUid + " not " + what + " after 60 s: " + describe(last));
        return null;
    }

    static Job awaitState(JobEngine engine, String seriesUid, JobState state) throws InterruptedException {
        return await(engine, seriesUid, j -> j.state == state, state.json());
    }

    static String describe(Job job) {
        try {
            return JSON.writeValueAsString(job);
        } catch (Exception e) {
            return String.valueOf(job);
        }
    }

    static long derivedFiles(Path storage, Job job) throws Exception {
        Path dir = storage.resolve("derived").resolve(job.derivedSeriesInstanceUid);
        try (var s = Files.list(dir)) {
            return s.count();
        }
    }

    @Test
    void aCompleteSeriesIsDerivedOnceAndDoneAndCopiesSentAgainAreDuplicates() throws Exception {
        engine = start(settings("node-a", 1000, Duration.ZERO));
        List<Path> files = series("complete");
        send(engine, spool, files);
        send(engine, spool, files.subList(0, 2));
        Job job = awaitState(engine, seriesUid(files), JobState.DONE);
        assertEquals(5, job.instancesReceived, describe(job));
        assertEquals(2, job.duplicatesReceived, describe(job));
        assertEquals(1, job.attempts.size(), describe(job));
        assertEquals("done", job.attempts.get(0).outcome);
        assertEquals("series complete", job.attempts.get(0).trigger);
        assertNotNull(job.completedAt);
        assertFalse(job.completedAt.isBefore(job.lastReceivedAt.plus(STABLE)), "complete only after the stable time: " + describe(job));
        assertEquals(17, job.derivedInstances);
        assertEquals(17, derivedFiles(storage, job));
        assertEquals(List.of(job.id), engine.jobs().stream().map(j -> j.id).toList());
        assertTrue(engine.recording());
        assertTrue(engine.status(3, Duration.ofHours(1)).healthy());
        // what an operator cannot do, and why
        assertEquals(JobActionRefused.Why.CONFLICT, assertThrows(JobActionRefused.class, () -> engine.retry(job.id)).why());
        assertEquals(JobActionRefused.Why.UNKNOWN, assertThrows(JobActionRefused.class, () -> engine.retry("no-such-job")).why());
        assertEquals(JobActionRefused.Why.UNKNOWN, assertThrows(JobActionRefused.class, () -> engine.forget("no-such-job")).why());
    }

    @Test
    void aSeriesThatGrowsAfterItsRunIsDerivedAgainWhole() throws Exception {
        engine = start(settings("node-a", 1000, Duration.ZERO));
        List<Path> files = series("grows");
        send(engine, spool, files.subList(0, 3));
        Job first = awaitState(engine, seriesUid(files), JobState.DONE);
        assertEquals(3, first.instancesReceived);
        send(engine, spool, files.subList(3, 5));
        Job job = await(engine, seriesUid(files), j -> j.state == JobState.DONE && j.attempts.size() == 2, "done twice");
        assertEquals(5, job.instancesReceived, describe(job));
        assertEquals(17, job.derivedInstances, describe(job));
        assertEquals(first.derivedSeriesInstanceUid, job.derivedSeriesInstanceUid, "derived UIDs are name-based on the source series");
    }

    @Test
    void aFailedSeriesIsRetriedByTheOperatorAndKeepsItsAttempts() throws Exception {
        engine = start(settings("node-a", 2, Duration.ZERO));
        List<Path> files = series("fails");
        send(engine, spool, files);
        Job failed = awaitState(engine, seriesUid(files), JobState.FAILED);
        assertTrue(failed.reason.contains("thinslice.limits.max-slices"), failed.reason);
        Job retried = engine.retry(failed.id);
        assertTrue(retried.state == JobState.WAITING, describe(retried));
        Job again = await(engine, seriesUid(files), j -> j.state == JobState.FAILED && j.attempts.size() == 2, "failed twice");
        assertEquals("retry", again.attempts.get(1).trigger);
        assertEquals("failed", again.attempts.get(0).outcome);
        assertFalse(engine.status(2, Duration.ZERO).healthy(), "two failed runs in a row with failing-after 2");
    }

    @Test
    void aForgottenSeriesLeavesNothingAndASeriesSentAgainStartsAfresh() throws Exception {
        engine = start(settings("node-a", 1000, Duration.ZERO));
        List<Path> files = series("forgotten");
        String uid = seriesUid(files);
        send(engine, spool, files);
        Job done = awaitState(engine, uid, JobState.DONE);
        engine.forget(done.id);
        assertTrue(engine.job(done.id).isEmpty());
        assertTrue(engine.jobs().isEmpty());
        assertEquals(List.of(), spool.files(uid));
        assertFalse(Files.exists(storage.resolve("derived").resolve(done.derivedSeriesInstanceUid)));
        send(engine, spool, files);
        Job again = awaitState(engine, uid, JobState.DONE);
        assertEquals(5, again.instancesReceived, describe(again));
        assertEquals(0, again.duplicatesReceived, describe(again));
        assertEquals(1, again.attempts.size(), describe(again));
    }

    @Test
    void aFinishedSeriesExpiresAfterTheRetentionAndItsFilesGo() throws Exception {
        engine = start(settings("node-a", 1000, Duration.ofSeconds(1)));
        List<Path> files = series("expires");
        String uid = seriesUid(files);
        send(engine, spool, files);
        Job expired = awaitState(engine, uid, JobState.EXPIRED);
        assertNotNull(expired.expiredAt);
        // the file store records the expiry before it deletes (a stop half-way leaves leftovers, never half a series)
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!spool.files(uid).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(List.of(), spool.files(uid));
        assertFalse(Files.exists(storage.resolve("derived").resolve(expired.derivedSeriesInstanceUid)));
    }

    @Test
    void jobsSurviveARestartOfTheNode() throws Exception {
        engine = start(settings("node-a", 1000, Duration.ZERO));
        List<Path> files = series("restart");
        send(engine, spool, files);
        Job done = awaitState(engine, seriesUid(files), JobState.DONE);
        engine.close();
        engine = start(settings("node-a", 1000, Duration.ZERO));
        Job after = engine.job(done.id).orElseThrow();
        assertEquals(JobState.DONE, after.state);
        assertEquals(JSON.writeValueAsString(done), JSON.writeValueAsString(after));
    }
}

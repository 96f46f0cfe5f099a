package io.thinslice.series;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.thinslice.ingest.InstanceSpool;
import io.thinslice.it.Postgres;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The PostgreSQL store against the job store contract, on a real PostgreSQL (one server for the class, a fresh
 * database per test, migrated by the node's own Flyway scripts), plus what only a shared store can show: two nodes on
 * one database and one storage folder make one job of a series whose instances reach both.
 */
class ClusterJobEngineTest extends JobEngineContract {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static Postgres postgres;
    private PGSimpleDataSource db;

    @BeforeAll
    static void startPostgres() {
        postgres = Postgres.start();
    }

    @AfterAll
    static void stopPostgres() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @BeforeEach
    void freshDatabase() {
        String url = postgres.createDatabase("contract_" + DATABASES.incrementAndGet());
        db = new PGSimpleDataSource();
        db.setUrl(url);
        db.setUser(Postgres.USER);
        db.setPassword(Postgres.PASSWORD);
        Flyway.configure().dataSource(db).locations("classpath:db/migration").load().migrate();
    }

    @Override
    JobEngine create(JobEngine.Settings settings, InstanceSpool spool) {
        return new ClusterJobEngine(settings, spool, db, JSON, new SimpleMeterRegistry(), Duration.ofSeconds(5), Duration.ofSeconds(1));
    }

    @Test
    void aSeriesWhoseInstancesReachTwoNodesIsOneJobDerivedOnce() throws Exception {
        engine = start(settings("node-a", 1000, Duration.ZERO));
        InstanceSpool otherSpool = new InstanceSpool(storage, Clock.systemUTC());
        SimpleMeterRegistry otherMeters = new SimpleMeterRegistry();
        JobEngine other = new ClusterJobEngine(settings("node-b", 1000, Duration.ZERO), otherSpool, db, JSON, otherMeters,
                Duration.ofSeconds(5), Duration.ofSeconds(1));
        other.start();
        try {
            List<Path> files = series("split");
            for (int i = 0; i < files.size(); i++) {
                if (i % 2 == 0) {
                    send(engine, spool, List.of(files.get(i)));
                } else {
                    send(other, otherSpool, List.of(files.get(i)));
                }
            }
            send(other, otherSpool, files.subList(0, 1)); // node-a's instance again, through node-b: a duplicate cluster-wide
            Job job = awaitState(engine, seriesUid(files), JobState.DONE);
            assertEquals(5, job.instancesReceived, describe(job));
            assertEquals(1, job.duplicatesReceived, describe(job));
            assertEquals(1, job.attempts.size(), describe(job));
            assertEquals(1, engine.jobs().size());
            assertEquals(describe(job), describe(other.job(job.id).orElseThrow()), "both nodes show the same job");
            Thread.sleep(1500); // a second claim, were there one, would have been made by now
            assertEquals(1, engine.job(job.id).orElseThrow().attempts.size());
            assertEquals(17, derivedFiles(storage, job));
            assertEquals("1", postgres.sql(databaseName(), "SELECT count(*) FROM thinslice_job"));
            assertEquals("5", postgres.sql(databaseName(), "SELECT count(*) FROM thinslice_instance"));
            assertEquals("", postgres.sql(databaseName(), "SELECT lease_owner FROM thinslice_job WHERE lease_owner IS NOT NULL"),
                    "no claim is left behind");
        } finally {
            other.close();
            otherSpool.close();
        }
    }

    @Test
    void withoutTheDatabaseAnInstanceIsNotRecordedAndTheWayInIsTold() throws Exception {
        PGSimpleDataSource nowhere = new PGSimpleDataSource();
        nowhere.setUrl("jdbc:postgresql://127.0.0.1:" + freePort() + "/none");
        nowhere.setUser(Postgres.USER);
        nowhere.setConnectTimeout(2);
        JobEngine cut = new ClusterJobEngine(settings("node-c", 1000, Duration.ZERO), spool, nowhere, JSON, new SimpleMeterRegistry(),
                Duration.ofSeconds(5), Duration.ofSeconds(1));
        try {
            assertFalse(cut.recording());
            List<Path> files = series("unrecorded");
            org.junit.jupiter.api.Assertions.assertThrows(JobStoreUnavailable.class, () -> send(cut, spool, files.subList(0, 1)));
            assertFalse(cut.recording());
        } finally {
            cut.close();
        }
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private String databaseName() {
        return db.getDatabaseName();
    }
}

package io.thinslice.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thinslice.dicom.SourceSeriesSpec;
import io.thinslice.dicom.SourceSeriesWriter;
import io.thinslice.dicom.StoreDestination;
import io.thinslice.dicom.StoreSender;
import io.thinslice.volume.Geometry;
import io.thinslice.volume.Volume;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeriesExporterTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    Path dir;

    private ScheduledExecutorService scheduler;

    @BeforeEach
    void startScheduler() {
        scheduler = Executors.newScheduledThreadPool(2);
    }

    @AfterEach
    void stopScheduler() throws InterruptedException {
        scheduler.shutdownNow();
        assertTrue(scheduler.awaitTermination(10, TimeUnit.SECONDS));
    }

    /** What the exporter reported, in order. */
    private static final class Recorder implements SeriesExporter.Progress {
        record Attempted(SeriesDestination destination, int attempt, int acknowledged, String problem, Instant nextAttempt) {
        }

        final List<Attempted> attempts = Collections.synchronizedList(new ArrayList<>());
        final List<String> finished = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch finishedLatch = new CountDownLatch(1);
        final CountDownLatch attemptsLatch;

        Recorder(int expectedAttempts) {
            attemptsLatch = new CountDownLatch(expectedAttempts);
        }

        @Override
        public void attempted(SeriesDestination destination, int attempt, int acknowledged, String problem, Instant nextAttempt) {
            attempts.add(new Attempted(destination, attempt, acknowledged, problem, nextAttempt));
            attemptsLatch.countDown();
        }

        @Override
        public void finished(String failure) {
            finished.add(failure);
            finishedLatch.countDown();
        }
    }

    /** A port on 127.0.0.1 that nobody listens on: bound, then closed again. */
    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    /** Three real Part 10 CT files, SOP Instance UID → file, in instance order. */
    private Map<String, Path> instances() throws IOException {
        float[] v = new float[3 * 2 * 2];
        Volume volume = new Volume(v, 3, 2, 2, Geometry.axial(new double[] {0, 0, 0}, 1, 5));
        SourceSeriesSpec spec = SourceSeriesSpec.named("exporter-test", "Export^Test", "Export 5mm", 3, 0);
        List<Path> files = SourceSeriesWriter.write(volume, spec, dir.resolve("series"));
        Map<String, Path> map = new LinkedHashMap<>();
        for (int i = 0; i < files.size(); i++) {
            map.put(io.thinslice.derive.DerivedUids.fromName("instance/" + spec.seriesInstanceUid() + "/" + i), files.get(i));
        }
        return map;
    }

    private static CStoreDestination cstore(String ae, int port) {
        return new CStoreDestination(new StoreSender("THINSLICE"), new StoreDestination(ae, "127.0.0.1", port));
    }

    private SeriesExporter exporter() {
        return new SeriesExporter(scheduler,
                new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(20)), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void unreachableDestinationIsTriedTwiceThenTheExportFailsOnce() throws Exception {
        CStoreDestination pacs = cstore("PACS", closedPort());
        Recorder r = new Recorder(2);
        exporter().export(instances(), List.of(pacs), r);

        assertTrue(r.finishedLatch.await(30, TimeUnit.SECONDS), "finished was never called");
        assertTrue(r.attemptsLatch.await(5, TimeUnit.SECONDS));
        Thread.sleep(200); // a second finished() or a third attempt would show up here
        assertEquals(2, r.attempts.size(), r.attempts.toString());

        Recorder.Attempted first = r.attempts.get(0);
        assertEquals(pacs, first.destination());
        assertEquals(1, first.attempt());
        assertEquals(0, first.acknowledged());
        assertNotNull(first.problem());
        assertTrue(first.problem().contains(pacs.toString()), first.problem());
        assertEquals(NOW.plusMillis(10), first.nextAttempt());

        Recorder.Attempted second = r.attempts.get(1);
        assertEquals(2, second.attempt());
        assertEquals(0, second.acknowledged());
        assertNotNull(second.problem());
        assertNull(second.nextAttempt(), "no attempt after the last one");

        assertEquals(1, r.finished.size(), r.finished.toString());
        String failure = r.finished.get(0);
        assertNotNull(failure);
        assertTrue(failure.contains("gave up on " + pacs + " after 2 attempts"), failure);
        assertTrue(failure.contains(second.problem()), failure);
    }

    @Test
    void unreachableDicomWebDestinationGivesUpLikeACStoreOne() throws Exception {
        StowRsDestination web = StowRsDestination.parse("http://127.0.0.1:" + closedPort() + "/dicom-web|secret", StowRsDestination.defaultClient());
        Recorder r = new Recorder(2);
        exporter().export(instances(), List.of(web), r);

        assertTrue(r.finishedLatch.await(30, TimeUnit.SECONDS), "finished was never called");
        Thread.sleep(200);
        assertEquals(2, r.attempts.size(), r.attempts.toString());
        assertEquals(NOW.plusMillis(10), r.attempts.get(0).nextAttempt());
        assertTrue(r.attempts.get(0).problem().startsWith("STOW-RS to " + web.describe() + " failed: "), r.attempts.get(0).problem());
        assertNull(r.attempts.get(1).nextAttempt());
        assertEquals(1, r.finished.size());
        assertTrue(r.finished.get(0).startsWith("gave up on " + web.describe() + " after 2 attempts: STOW-RS to "), r.finished.get(0));
        assertTrue(!r.finished.get(0).contains("secret"), r.finished.get(0));
    }

    @Test
    void twoUnreachableDestinationsStillFinishOnlyOnce() throws Exception {
        CStoreDestination a = cstore("PACS_A", closedPort());
        CStoreDestination b = cstore("PACS_B", closedPort());
        Recorder r = new Recorder(4);
        exporter().export(instances(), List.of(a, b), r);

        assertTrue(r.attemptsLatch.await(30, TimeUnit.SECONDS), "expected 2 attempts per destination, got " + r.attempts);
        assertTrue(r.finishedLatch.await(5, TimeUnit.SECONDS));
        Thread.sleep(200);
        assertEquals(4, r.attempts.size(), r.attempts.toString());
        assertEquals(2, r.attempts.stream().filter(x -> x.destination().equals(a)).count());
        assertEquals(2, r.attempts.stream().filter(x -> x.destination().equals(b)).count());
        assertEquals(1, r.finished.size(), r.finished.toString());
        assertNotNull(r.finished.get(0));
        assertTrue(r.finished.get(0).startsWith("gave up on "), r.finished.get(0));
    }

    @Test
    void aPermanentRefusalEndsTheExportAfterOneAttempt() throws Exception {
        SeriesDestination refusing = new SeriesDestination() {
            @Override
            public String describe() {
                return "REFUSING@127.0.0.1:1";
            }

            @Override
            public Result send(Map<String, Path> instances) {
                return new Result(Set.of(), "REFUSING@127.0.0.1:1 answered C-STORE with 0x0122 (Refused: SOP Class not supported)", true);
            }
        };
        Recorder r = new Recorder(1);
        new SeriesExporter(scheduler, new RetryPolicy(5, Duration.ofMillis(10), Duration.ofMillis(20)), Clock.fixed(NOW, ZoneOffset.UTC))
                .export(instances(), List.of(refusing), r);

        assertTrue(r.finishedLatch.await(30, TimeUnit.SECONDS), "finished was never called");
        Thread.sleep(200); // a retry would show up here
        assertEquals(1, r.attempts.size(), r.attempts.toString());
        assertNull(r.attempts.get(0).nextAttempt(), "no retry is planned");
        assertTrue(r.finished.get(0).startsWith("gave up on REFUSING@127.0.0.1:1 at attempt 1 (not retried"), r.finished.get(0));
        assertTrue(r.finished.get(0).contains("0x0122 (Refused: SOP Class not supported)"), r.finished.get(0));
    }

    @Test
    void noDestinationsFinishesAtOnceWithoutTouchingTheScheduler() throws Exception {
        ScheduledExecutorService dead = Executors.newSingleThreadScheduledExecutor();
        dead.shutdownNow(); // any use would throw RejectedExecutionException
        SeriesExporter exporter = new SeriesExporter(dead,
                new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(20)), Clock.fixed(NOW, ZoneOffset.UTC));
        Recorder r = new Recorder(0);
        exporter.export(Map.of("1.2.3", dir.resolve("missing.dcm")), List.of(), r);
        // synchronously, before export returns
        assertEquals(1, r.finished.size());
        assertNull(r.finished.get(0));
        assertTrue(r.attempts.isEmpty());
    }
}

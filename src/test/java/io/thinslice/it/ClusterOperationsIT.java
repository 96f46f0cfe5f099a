package io.thinslice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.pixelmed.dicom.TagFromName;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 12, operations: a receiving node ({@code roles=receive}) and a synthesis node ({@code roles=synthesize,export})
 * sharing one PostgreSQL and one storage folder do the whole job; PostgreSQL stopped for 20 s while series are sent
 * and derived loses nothing (new associations are rejected transient meanwhile, readiness is DOWN, then UP); a
 * rolling restart of the synthesis node while the receiver takes a series loses nothing. One PostgreSQL and the same
 * two nodes for every case, in order; series are small 64 x 64 phantoms, derived by linear interpolation.
 *
 * <p>The two nodes see the storage folder under two different paths (symbolic links to one folder), as two machines
 * mounting one share would; each keeps its own log beside its path.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterOperationsIT {

    private static final int THICK = 9;
    private static final int DERIVED = 33;

    private Path tmp;
    private Path shared;
    private Postgres pg;
    private Storescp pacs;
    private Node receiver;
    private Node worker;
    private List<Path> rolesSeries;
    private List<Path> outageSeries;
    private List<Path> busySeries;
    private List<Path> restartSeries;

    @BeforeAll
    void start() throws Exception {
        tmp = Files.createTempDirectory("cluster-ops");
        CompletableFuture<Postgres> database = CompletableFuture.supplyAsync(Postgres::start);
        List<CompletableFuture<List<Path>>> phantoms = new ArrayList<>();
        for (String name : List.of("roles", "outage", "busy", "restart")) {
            phantoms.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return Studies.phantom(tmp.resolve("study-" + name), "--name", name, "--seed", Math.abs(name.hashCode()));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        pg = database.join();
        String url = pg.createDatabase("ops");
        pacs = Storescp.start("OPSPACS", Ports.free(), tmp.resolve("pacs"));
        shared = Files.createDirectories(tmp.resolve("shared"));
        Files.createDirectories(tmp.resolve("mounts"));
        Path receiverMount = Files.createSymbolicLink(tmp.resolve("mounts/receiver"), shared);
        Path workerMount = Files.createSymbolicLink(tmp.resolve("mounts/worker"), shared);
        String[] cluster = {"thinslice.jobs.store", "postgresql", "quarkus.datasource.jdbc.url", url,
                "quarkus.datasource.username", Postgres.USER, "quarkus.datasource.password", Postgres.PASSWORD,
                "thinslice.jobs.lease", "5s", "thinslice.jobs.heartbeat", "1s",
                "thinslice.synthesis.method", "linear", "thinslice.export.destinations", pacs.destination(),
                "thinslice.export.initial-backoff", "1s", "thinslice.export.max-backoff", "2s"};
        CompletableFuture<Node> r = CompletableFuture.supplyAsync(() -> startNode(receiverMount, cluster, "receiver", "receive"));
        CompletableFuture<Node> w = CompletableFuture.supplyAsync(() -> startNode(workerMount, cluster, "worker", "synthesize,export"));
        receiver = r.join();
        worker = w.join();
        rolesSeries = phantoms.get(0).join();
        outageSeries = phantoms.get(1).join();
        busySeries = phantoms.get(2).join();
        restartSeries = phantoms.get(3).join();
    }

    private static Node startNode(Path storage, String[] cluster, String name, String roles) {
        List<String> s = new ArrayList<>(List.of(cluster));
        s.addAll(List.of("thinslice.node.name", name, "thinslice.node.roles", roles));
        try {
            return Node.start(storage, s.toArray(String[]::new));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {receiver, worker, pacs, pg}) {
            if (c != null) {
                c.close();
            }
        }
        if (tmp != null) {
            try (java.util.stream.Stream<Path> all = Files.walk(tmp)) {
                all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    @Order(1)
    void aReceiverAndASynthesisNodeTogetherDeriveASeriesAndEachOffersOnlyItsRoles() throws Exception {
        // The synthesis node opens no DICOM port, answers STOW-RS 501 naming the setting, and is ready all the same.
        Tool.Result echo = Tool.echoscu("PROBE", Node.AE, worker.dicomPort);
        assertNotEquals(0, echo.exitCode(), echo.output());
        assertTrue(echo.output().contains("Connection refused") || echo.output().contains("TCP Initialization Error"), echo.output());
        HttpResponse<String> stow = Stow.send(worker, List.of(Files.readAllBytes(rolesSeries.get(0))));
        assertEquals(501, stow.statusCode(), stow.body());
        assertTrue(stow.body().contains("thinslice.node.roles has no receive"), stow.body());
        HttpResponse<String> ready = worker.get("/q/health/ready");
        assertEquals(200, ready.statusCode(), ready.body());
        assertTrue(ready.body().replace(" ", "").contains("\"listening\":false"), ready.body());
        // Neither node has the dicomweb role: QIDO-RS and WADO-RS answer 501 on both.
        String study = Studies.string(Studies.read(rolesSeries.get(0)), TagFromName.StudyInstanceUID);
        for (Node n : List.of(receiver, worker)) {
            for (String path : List.of("/dicom-web/studies", "/dicom-web/studies/" + study + "/metadata")) {
                HttpResponse<String> r = n.get(path);
                assertEquals(501, r.statusCode(), path + ": " + r.body());
                assertTrue(r.body().contains("thinslice.node.roles has no dicomweb"), r.body());
            }
        }

        String series = Studies.seriesUid(rolesSeries.get(0));
        Tool.storescu("CTSCANNER", Node.AE, receiver.dicomPort, rolesSeries).requireSuccess("storescu to the receiving node");
        JsonNode job = Jobs.awaitFinal(worker, series, 120);
        assertEquals("done", job.path("state").asText(), job.toString());
        assertEquals(THICK, job.path("instancesReceived").asInt(), job.toString());
        DerivedSeriesAssertions.check(rolesSeries, delivered(job, 60), 4);
        // The admin API is on every node and shows the one job of the cluster.
        assertEquals("done", Jobs.bySeries(receiver, series).path("state").asText());
        // The receiver's transfers went through its own scratch folder on the shared storage; the worker has none.
        assertTrue(Files.isDirectory(shared.resolve("incoming/receiver")), "incoming/receiver");
        assertTrue(!Files.exists(shared.resolve("incoming/worker")), "no incoming/worker");
    }

    @Test
    @Order(2)
    void postgresqlStoppedForTwentySecondsLosesNoInstanceAndTheNodesCarryOn() throws Exception {
        String outage = Studies.seriesUid(outageSeries.get(0));
        String busy = Studies.seriesUid(busySeries.get(0));
        // Before: a series complete and about to be derived, and the first instances of another, one association each.
        Tool.storescu("CTSCANNER", Node.AE, receiver.dicomPort, busySeries).requireSuccess("storescu");
        for (Path f : outageSeries.subList(0, 4)) {
            Tool.storescu("CTSCANNER", Node.AE, receiver.dicomPort, List.of(f)).requireSuccess("storescu");
        }
        Jobs.await(receiver, busy, j -> !j.path("state").asText().equals("receiving"), 30);

        // An association opened before the outage stays open through it.
        try (java.net.Socket held = RawDicom.associate(receiver.dicomPort, "HOLDER")) {
            long stopped = System.nanoTime();
            pg.stop();
            awaitReadiness(receiver, false, 30);
            awaitReadiness(worker, false, 30);
            // An instance on it is answered A700H (out of resources), not acknowledged without a record.
            Path last = outageSeries.get(THICK - 1);
            RawDicom.send(held, RawDicom.storeRq(1, Studies.string(Studies.read(last), TagFromName.SOPInstanceUID), RawDicom.dataSet(last)));
            assertEquals(0xA700, RawDicom.status(RawDicom.read(held.getInputStream())), "C-STORE status while the job store cannot record");
            RawDicom.send(held, RawDicom.releaseRq());
            outage(stopped);
        }
        awaitReadiness(receiver, true, 60);
        awaitReadiness(worker, true, 60);

        // The sender sends again what was refused, and the rest, in two associations.
        Tool.storescu("CTSCANNER", Node.AE, receiver.dicomPort, outageSeries.subList(4, 6)).requireSuccess("storescu after the outage");
        Tool.storescu("CTSCANNER", Node.AE, receiver.dicomPort, outageSeries.subList(6, THICK)).requireSuccess("storescu after the outage");
        for (String series : List.of(busy, outage)) {
            JsonNode job = Jobs.awaitFinal(worker, series, 120);
            assertEquals("done", job.path("state").asText(), job.toString());
            assertEquals(THICK, job.path("instancesReceived").asInt(), "every sent instance recorded: " + job);
            DerivedSeriesAssertions.check(series.equals(busy) ? busySeries : outageSeries, delivered(job, 60), 4);
        }
    }

    /** During the outage (PostgreSQL stopped at {@code stopped}): what a sender is told; PostgreSQL back 20 s after the stop. */
    private void outage(long stopped) throws Exception {
        // A new association is rejected transient: the sender keeps its instances.
        Tool.Result refused = Tool.storescu("CTSCANNER", Node.AE, receiver.dicomPort, outageSeries.subList(4, 6));
        assertNotEquals(0, refused.exitCode(), refused.output());
        assertTrue(refused.output().contains("Association Rejected") && refused.output().contains("Rejected Transient"), refused.output());
        HttpResponse<String> stow = Stow.send(receiver, List.of(Files.readAllBytes(outageSeries.get(4))));
        assertEquals(503, stow.statusCode(), stow.body());
        assertTrue(stow.headers().firstValue("Retry-After").isPresent(), stow.headers().toString());
        assertTrue(stow.body().contains("job store cannot record"), stow.body());

        long left = TimeUnit.SECONDS.toNanos(20) - (System.nanoTime() - stopped);
        if (left > 0) {
            Thread.sleep(TimeUnit.NANOSECONDS.toMillis(left));
        }
        pg.startServer();
    }

    @Test
    @Order(3)
    void theSynthesisNodeRestartedWhileTheReceiverTakesASeriesLosesNothing() throws Exception {
        String series = Studies.seriesUid(restartSeries.get(0));
        Tool.storescu("CTSCANNER", Node.AE, receiver.dicomPort, restartSeries.subList(0, 3)).requireSuccess("storescu");
        // SIGTERM, as Kubernetes stops a pod in a rolling update; the receiver goes on taking the series meanwhile.
        worker.terminate(60);
        for (Path f : restartSeries.subList(3, THICK)) {
            Tool.storescu("CTSCANNER", Node.AE, receiver.dicomPort, List.of(f)).requireSuccess("storescu while no node synthesises");
        }
        worker = worker.restart();
        JsonNode job = Jobs.awaitFinal(worker, series, 120);
        assertEquals("done", job.path("state").asText(), job.toString());
        assertEquals(THICK, job.path("instancesReceived").asInt(), job.toString());
        DerivedSeriesAssertions.check(restartSeries, delivered(job, 60), 4);
    }

    @Test
    @Order(4)
    void aRoleSplitWithTheFileJobStoreDoesNotStart() throws Exception {
        Tool.Result r = Tool.run(Tool.cmd("java", "-Dthinslice.node.roles=receive,dicomweb", "-Dthinslice.storage.dir=" + tmp.resolve("file-node"),
                "-Dthinslice.dicom.port=" + Ports.free(), "-Dquarkus.http.port=" + Ports.free(), "-Dquarkus.http.host=127.0.0.1",
                "-jar", Node.jar()), 120);
        assertNotEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("thinslice.node.roles=receive,dicomweb needs thinslice.jobs.store=postgresql"), r.output());
    }

    /** The derived instances of the job's derived series that the destination holds, once all have arrived. */
    private List<Path> delivered(JsonNode job, int seconds) throws Exception {
        String derived = job.path("derivedSeriesInstanceUid").asText();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Path> files = List.of();
        while (System.nanoTime() < deadline) {
            files = new ArrayList<>();
            for (Path f : pacs.files()) {
                try {
                    if (derived.equals(Studies.seriesUid(f))) {
                        files.add(f);
                    }
                } catch (Exception e) {
                    // storescp still writing it: read at the next look
                }
            }
            if (files.size() >= DERIVED) {
                Thread.sleep(300); // storescp finishing the last file
                return files;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("destination holds " + files.size() + " of " + DERIVED + " instances of " + derived + "; job " + job);
    }

    /** The readiness check {@code thinslice-job-store} is DOWN in this health response. */
    private static boolean jobStoreDown(String body) {
        try {
            for (JsonNode check : Jobs.JSON.readTree(body).path("checks")) {
                if (check.path("name").asText().equals("thinslice-job-store")) {
                    return check.path("status").asText().equals("DOWN");
                }
            }
            return false;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static void awaitReadiness(Node node, boolean up, int seconds) throws Exception {
        Predicate<HttpResponse<String>> wanted = r -> up ? r.statusCode() == 200 : r.statusCode() == 503 && jobStoreDown(r.body());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        HttpResponse<String> last = null;
        while (System.nanoTime() < deadline) {
            last = node.get("/q/health/ready");
            if (wanted.test(last)) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("readiness not " + (up ? "UP" : "DOWN") + " after " + seconds + " s: " + (last == null ? "" : last.body())
                + "\nnode log:\n" + Jobs.tail(node.logText()));
    }
}

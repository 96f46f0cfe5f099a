package io.thinslice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.pixelmed.dicom.TagFromName;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operator actions over HTTP on series sent with dcmtk: a job that failed because its destination was down shows its
 * reason and attempt, turns the thinslice-jobs health check red, is retried once the destination is up and completes
 * (health green again, attempts kept across a restart); a running job cannot be deleted, a finished one is deleted
 * with its files and disappears from QIDO-RS; unknown ids and wrong states get problem documents.
 */
class JobActionsIT {

    private static final String PROBLEM = "application/problem+json";

    @TempDir
    Path tmp;

    @Test
    void failedJobIsRetriedAfterTheCauseIsFixedAndAFinishedOneIsDeletedWithItsFiles() throws Exception {
        List<Path> thick = tiny("a");
        String series = Studies.seriesUid(thick.get(0));
        String study = Studies.string(Studies.read(thick.get(0)), TagFromName.StudyInstanceUID);
        int pacsPort = Ports.free();
        Path storage = tmp.resolve("node");
        Node node = Node.start(storage, "thinslice.synthesis.method", "linear", "thinslice.dicomweb.serve-sources", "true",
                "thinslice.export.destinations", "OPSPACS@127.0.0.1:" + pacsPort, "thinslice.export.max-attempts", "2",
                "thinslice.export.initial-backoff", "200ms", "thinslice.export.max-backoff", "200ms",
                "thinslice.jobs.failing-after", "1");
        try {
            assertEquals(200, node.get("/q/health").statusCode(), "green before any job");

            // A real failure: nothing listens at the destination.
            Tool.storescu("CTSCANNER", Node.AE, node.dicomPort, thick).requireSuccess("storescu");
            JsonNode failed = Jobs.awaitFinal(node, series, 60);
            assertEquals("failed", failed.path("state").asText(), failed.toString());
            String id = failed.path("id").asText();
            String reason = failed.path("reason").asText();
            assertTrue(reason.contains("after 2 attempts"), failed.toString());
            JsonNode first = job(node, id).path("attempts");
            assertEquals(1, first.size(), first.toString());
            assertAttempt(first.get(0), 1, "series complete", "failed");
            assertEquals(reason, first.get(0).path("reason").asText());

            JsonNode red = health(node, "/q/health", 503);
            assertEquals("DOWN", check(red).path("status").asText(), red.toString());
            assertEquals(1, check(red).path("data").path("consecutiveFailures").asInt(), red.toString());
            assertEquals(503, node.get("/q/health/well").statusCode());
            assertEquals(200, node.get("/q/health/ready").statusCode(), "a failing destination does not stop the node receiving");
            assertEquals(1.0, metric(node, "thinslice_jobs_failing"));

            assertProblem(node.send("POST", "/api/jobs/no-such-job/retry"), 404);
            assertProblem(node.send("DELETE", "/api/jobs/no-such-job"), 404);
            assertProblem(node.get("/api/jobs/no-such-job"), 404);

            // The cause fixed: the destination is up. The retry runs the job again from the spooled instances.
            try (Storescp pacs = Storescp.start("OPSPACS", pacsPort, tmp.resolve("pacs"))) {
                HttpResponse<String> accepted = node.send("POST", "/api/jobs/" + id + "/retry");
                assertEquals(202, accepted.statusCode(), accepted.body());
                JsonNode done = Jobs.await(node, series, j -> "done".equals(j.path("state").asText()), 60);
                assertTrue(done.path("reason").isMissingNode() || done.path("reason").isNull(), "the job's reason is the last run's: " + done);
                DerivedSeriesAssertions.check(thick, pacs.awaitFiles(17, 30), 4);
            }
            JsonNode attempts = job(node, id).path("attempts");
            assertEquals(2, attempts.size(), attempts.toString());
            assertAttempt(attempts.get(0), 1, "series complete", "failed");
            assertEquals(reason, attempts.get(0).path("reason").asText(), "the failure stays in the history");
            assertAttempt(attempts.get(1), 2, "retry", "done");
            JsonNode green = health(node, "/q/health", 200);
            assertEquals("UP", check(green).path("status").asText(), green.toString());
            assertEquals(0.0, metric(node, "thinslice_jobs_failing"));

            HttpResponse<String> notFailed = node.send("POST", "/api/jobs/" + id + "/retry");
            assertProblem(notFailed, 409);
            assertTrue(notFailed.body().contains("is done"), notFailed.body());

            // Attempts are in the job record: a restarted node shows the same history.
            node.close();
            node = node.restart("thinslice.export.destinations", "DOWNPACS@127.0.0.1:" + Ports.free(),
                    "thinslice.export.max-attempts", "100", "thinslice.export.initial-backoff", "30s", "thinslice.export.max-backoff", "30s");
            assertEquals(attempts, job(node, id).path("attempts"), "attempts survive a restart");

            // A job that is running (here: exporting, its destination down) cannot be deleted.
            List<Path> other = tiny("b");
            String otherSeries = Studies.seriesUid(other.get(0));
            Tool.storescu("CTSCANNER", Node.AE, node.dicomPort, other).requireSuccess("storescu b");
            JsonNode exporting = Jobs.await(node, otherSeries, j -> "exporting".equals(j.path("state").asText()), 60);
            HttpResponse<String> running = node.send("DELETE", "/api/jobs/" + exporting.path("id").asText());
            assertProblem(running, 409);
            assertTrue(running.body().contains("exporting"), running.body());
            assertTrue(Files.isDirectory(storage.resolve("series").resolve(otherSeries)), "nothing of a running job deleted");

            // A finished job is forgotten: job, received and derived files, and what QIDO-RS / WADO-RS serve.
            String derived = job(node, id).path("derivedSeriesInstanceUid").asText();
            assertEquals(200, node.get("/dicom-web/studies/" + study + "/series/" + derived + "/metadata").statusCode());
            assertFalse(node.get("/dicom-web/series?SeriesInstanceUID=" + series).body().equals("[]"), "source served before");
            HttpResponse<String> deleted = node.send("DELETE", "/api/jobs/" + id);
            assertEquals(204, deleted.statusCode(), deleted.body());
            assertProblem(node.get("/api/jobs/" + id), 404);
            assertEquals(null, Jobs.bySeries(node, series), "not listed");
            assertFalse(Files.exists(storage.resolve("series").resolve(series)), "received instances deleted");
            assertFalse(Files.exists(storage.resolve("derived").resolve(derived)), "derived series deleted");
            assertFalse(Files.exists(storage.resolve("jobs").resolve(id + ".json")), "job record deleted");
            assertEquals("[]", node.get("/dicom-web/series?SeriesInstanceUID=" + derived).body());
            assertEquals("[]", node.get("/dicom-web/series?SeriesInstanceUID=" + series).body());
            assertEquals(404, node.get("/dicom-web/studies/" + study + "/series/" + derived + "/metadata").statusCode());
            assertProblem(node.send("DELETE", "/api/jobs/" + id), 404);

            node.close();
            node = node.restart();
            assertEquals(null, Jobs.bySeries(node, series), "a deleted series stays deleted after a restart");
        } finally {
            node.close();
        }
    }

    /**
     * A read that never returns (a FIFO among the spooled files, as a hung network mount would behave) holds the
     * series in synthesis: once it has been there longer than stuck-after the health check is red, and green again
     * once the read returns and the queue moves on.
     */
    @Test
    void queueStuckLongerThanStuckAfterTurnsTheHealthRed() throws Exception {
        String series = "1.2.826.0.1.3680043.10.1274.7.1"; // a valid UID: the spool's folder name
        Path storage = tmp.resolve("node");
        Path spooled = Files.createDirectories(storage.resolve("series").resolve(series));
        Path fifo = spooled.resolve("hung.dcm");
        Tool.run(Tool.cmd("mkfifo", fifo)).requireSuccess("mkfifo");
        try (Node node = Node.start(storage, "thinslice.synthesis.method", "linear", "thinslice.series.stable-seconds", "1",
                "thinslice.jobs.stuck-after", "3s", "thinslice.jobs.failing-after", "0")) {
            JsonNode processing = Jobs.await(node, series, j -> "processing".equals(j.path("state").asText()), 30);
            assertEquals("spool", processing.path("origin").asText(), processing.toString());
            JsonNode red = awaitHealth(node, 503, 20);
            JsonNode data = check(red).path("data");
            assertTrue(data.path("stuck").asBoolean(), red.toString());
            assertTrue(data.path("oldestQueuedSeconds").asLong() >= 3, red.toString());
            assertTrue(metric(node, "thinslice_jobs_queue_age_seconds") >= 3.0);

            // The read returns (with bytes that are not DICOM): the run ends, the queue is empty, the check is green.
            Files.write(fifo, "not dicom".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            JsonNode failed = Jobs.awaitFinal(node, series, 30);
            assertEquals("failed", failed.path("state").asText(), failed.toString());
            awaitHealth(node, 200, 20);
            assertEquals(0.0, metric(node, "thinslice_jobs_queue_age_seconds"));
        }
    }

    /** A 5-slice, 32 × 32 phantom series (17 slices derived at × 4). */
    private List<Path> tiny(String name) throws Exception {
        return Studies.phantom(tmp.resolve("study-" + name), "--name", name, "--rows", 32, "--columns", 32, "--thin-slices", 17);
    }

    private static JsonNode job(Node node, String id) throws Exception {
        HttpResponse<String> r = node.get("/api/jobs/" + id);
        assertEquals(200, r.statusCode(), r.body());
        return Jobs.JSON.readTree(r.body());
    }

    private static void assertAttempt(JsonNode a, int number, String trigger, String outcome) {
        assertEquals(number, a.path("number").asInt(), a.toString());
        assertEquals(trigger, a.path("trigger").asText(), a.toString());
        assertEquals(outcome, a.path("outcome").asText(), a.toString());
        Instant started = Instant.parse(a.path("startedAt").asText());
        Instant ended = Instant.parse(a.path("endedAt").asText());
        assertFalse(ended.isBefore(started), a.toString());
    }

    private static void assertProblem(HttpResponse<String> r, int status) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith(PROBLEM), r.headers().map().toString());
        JsonNode p = Jobs.JSON.readTree(r.body());
        assertEquals(status, p.path("status").asInt(), r.body());
        assertNotNull(p.path("title").textValue(), r.body());
        assertFalse(p.path("detail").asText().isEmpty(), r.body());
    }

    private static JsonNode health(Node node, String path, int status) throws Exception {
        HttpResponse<String> r = node.get(path);
        assertEquals(status, r.statusCode(), r.body());
        return Jobs.JSON.readTree(r.body());
    }

    private static JsonNode awaitHealth(Node node, int status, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        HttpResponse<String> r;
        do {
            r = node.get("/q/health");
            if (r.statusCode() == status) {
                return Jobs.JSON.readTree(r.body());
            }
            Thread.sleep(250);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("/q/health did not answer " + status + " in " + seconds + " s; last: " + r.statusCode() + " " + r.body());
    }

    private static JsonNode check(JsonNode health) {
        for (JsonNode c : health.path("checks")) {
            if ("thinslice-jobs".equals(c.path("name").asText())) {
                return c;
            }
        }
        throw new AssertionError("no thinslice-jobs check in " + health);
    }

    private static double metric(Node node, String name) throws Exception {
        return node.get("/q/metrics").body().lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst()
                .orElseThrow(() -> new AssertionError("no metric " + name));
    }
}

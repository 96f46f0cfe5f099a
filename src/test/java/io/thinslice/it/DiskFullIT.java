package io.thinslice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.pixelmed.dicom.TagFromName;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The free-space watermark {@code thinslice.storage.min-free}, measured on the real file system. Below it dcmtk's
 * storescu is answered 0xA700 (out of resources) and STOW-RS 503 with Retry-After, nothing of the refused instances is
 * kept, and synthesis waits; on a small tmpfs that is filled and then freed the node takes instances again and derives
 * and delivers what it had accepted, without a restart. A write error in the middle of a derived series (the tmpfs
 * full) fails the job with its reason, keeps the previous complete version served, and the operator retry derives it
 * once space is back.
 */
class DiskFullIT {

    private static final long MIB = 1024 * 1024;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** 5 thick slices → 17 derived at × 4. */
    private static final int DERIVED = 17;

    @TempDir
    Path tmp;

    @Test
    void belowTheWatermarkCStoreIsAnsweredA700AndStowRs503AndNothingIsKept() throws Exception {
        List<Path> thick = tiny("refused");
        String series = Studies.seriesUid(thick.get(0));
        // A watermark 1 GiB above what the temp file system has free: the node is below it for real.
        long usable = Files.getFileStore(tmp).getUsableSpace();
        try (Node node = Node.start(tmp.resolve("node"), "thinslice.synthesis.method", "linear",
                "thinslice.storage.min-free", (usable / MIB + 1024) + "M")) {
            assertOutOfResources(storescu(node, thick), thick.size());
            assertStowRefused(stow(node, thick.get(0)));
            assertEquals(200, node.get("/q/health/ready").statusCode(), "the node still serves");
            Tool.echoscu("CTSCANNER", Node.AE, node.dicomPort).requireSuccess("echoscu while below the watermark");
            assertEquals(null, Jobs.bySeries(node, series), "a refused instance makes no job");
            assertEquals(List.of(), spooled(node), "nothing of a refused instance is kept");
            assertTrue(node.logText().contains("answered 0xA700"), Jobs.tail(node.logText()));
        }
    }

    @Test
    void onAFullSmallFileSystemTheNodeRefusesAndWaitsThenRecoversByItselfWhenSpaceReturns() throws Exception {
        Path fs = mountTmpfs(tmp.resolve("fs"), 64);
        List<Path> a = tiny("accepted");
        List<Path> b = tiny("refused");
        String seriesA = Studies.seriesUid(a.get(0));
        String seriesB = Studies.seriesUid(b.get(0));
        String studyA = Studies.string(Studies.read(a.get(0)), TagFromName.StudyInstanceUID);
        int pacsPort = Ports.free();
        try (Storescp pacs = Storescp.start("PACS", pacsPort, tmp.resolve("pacs"));
             Node node = Node.start(fs, "thinslice.synthesis.method", "linear", "thinslice.storage.min-free", "16M",
                     "thinslice.series.stable-seconds", "4", "thinslice.export.destinations", "PACS@127.0.0.1:" + pacsPort)) {
            Tool.storescu("CTSCANNER", Node.AE, node.dicomPort, a).requireSuccess("storescu of series a");
            // The disk fills before series a is complete (4 s without a new instance).
            Path filler = fill(fs, Files.getFileStore(fs).getUsableSpace() - 8 * MIB);

            assertOutOfResources(storescu(node, b), b.size());
            assertStowRefused(stow(node, b.get(0)));
            assertEquals(null, Jobs.bySeries(node, seriesB), "nothing of series b was taken");

            // Series a is complete but waits: synthesis does not start below the watermark.
            JsonNode waiting = Jobs.await(node, seriesA, j -> j.path("reason").asText().contains("free disk space"), 30);
            assertEquals("waiting", waiting.path("state").asText(), waiting.toString());
            Thread.sleep(2000);
            assertEquals("waiting", Jobs.bySeries(node, seriesA).path("state").asText(), "still waiting while below");
            assertEquals(0, DerivedPublicationIT.Poller.count(node, studyA));

            // Space returns: no restart; what was accepted is derived and delivered, and senders are taken again.
            Files.delete(filler);
            JsonNode done = Jobs.awaitFinal(node, seriesA, 60);
            assertEquals("done", done.path("state").asText(), done.toString());
            assertEquals(a.size(), done.path("instancesReceived").asInt(), "every instance accepted before is kept");
            assertEquals(DERIVED, done.path("derivedInstances").asInt(), done.toString());
            assertEquals(DERIVED, pacs.awaitFiles(DERIVED, 30).size(), "the derived series is delivered");
            assertEquals(DERIVED, DerivedPublicationIT.Poller.count(node, studyA));

            Tool.storescu("CTSCANNER", Node.AE, node.dicomPort, b).requireSuccess("storescu of series b once space is back");
            JsonNode doneB = Jobs.awaitFinal(node, seriesB, 60);
            assertEquals("done", doneB.path("state").asText(), doneB.toString());
            assertEquals(2 * DERIVED, pacs.awaitFiles(2 * DERIVED, 30).size());
        } finally {
            unmount(fs);
        }
    }

    @Test
    void aWriteErrorInTheMiddleOfADerivedSeriesFailsTheJobAndLeavesThePreviousVersionServed() throws Exception {
        Path fs = mountTmpfs(tmp.resolve("fs"), 64);
        List<Path> thick = tiny("written");
        String series = Studies.seriesUid(thick.get(0));
        String study = Studies.string(Studies.read(thick.get(0)), TagFromName.StudyInstanceUID);
        int pacsPort = Ports.free();
        // The watermark off: the file system itself runs full while the series is written.
        try (Node node = Node.start(fs, "thinslice.synthesis.method", "linear", "thinslice.storage.min-free", "0",
                "thinslice.export.destinations", "PACS@127.0.0.1:" + pacsPort, "thinslice.export.max-attempts", "1")) {
            Tool.storescu("CTSCANNER", Node.AE, node.dicomPort, thick).requireSuccess("storescu");
            // First run: derived and published, then failed by the destination being down.
            JsonNode first = Jobs.awaitFinal(node, series, 60);
            assertEquals("failed", first.path("state").asText(), first.toString());
            assertEquals(DERIVED, DerivedPublicationIT.Poller.count(node, study));
            String id = first.path("id").asText();

            // Room for a few derived instances only: the re-run fails half-way through writing.
            Path filler = fill(fs, Files.getFileStore(fs).getUsableSpace() - 40 * 1024);
            assertEquals(202, node.send("POST", "/api/jobs/" + id + "/retry").statusCode());
            JsonNode full = Jobs.await(node, series, j -> j.path("attempts").size() == 2 && "failed".equals(j.path("state").asText()), 60);
            String reason = full.path("reason").asText();
            assertTrue(reason.startsWith("processing failed") && reason.toLowerCase(Locale.ROOT).contains("no space left"), full.toString());
            assertEquals(DERIVED, DerivedPublicationIT.Poller.count(node, study), "the previous complete version is still served");
            assertEquals(List.of(), list(fs.resolve("derived-staging")), "the half-written version is removed");

            // Space back and the destination up: the operator's retry derives and delivers the series.
            Files.delete(filler);
            try (Storescp pacs = Storescp.start("PACS", pacsPort, tmp.resolve("pacs"))) {
                assertEquals(202, node.send("POST", "/api/jobs/" + id + "/retry").statusCode());
                JsonNode done = Jobs.await(node, series, j -> j.path("attempts").size() == 3 && "done".equals(j.path("state").asText()), 60);
                assertEquals(DERIVED, done.path("derivedInstances").asInt(), done.toString());
                assertEquals(DERIVED, pacs.awaitFiles(DERIVED, 30).size());
            }
            assertEquals(DERIVED, DerivedPublicationIT.Poller.count(node, study));
        } finally {
            unmount(fs);
        }
    }

    /** A 5-slice, 32 × 32 phantom series. */
    private List<Path> tiny(String name) throws Exception {
        return Studies.phantom(tmp.resolve("study-" + name), "--name", name, "--rows", 32, "--columns", 32, "--thin-slices", DERIVED);
    }

    private static Tool.Result storescu(Node node, List<Path> files) {
        // --no-halt: storescu would stop at the first refusal; here every instance of the association gets its answer.
        return Tool.run(Tool.cmd("storescu", "-v", "--no-halt", "-aet", "CTSCANNER", "-aec", Node.AE, "127.0.0.1", node.dicomPort, files));
    }

    /** dcmtk names the status (0xA700) of each refused C-STORE; the association is not aborted but released. */
    private static void assertOutOfResources(Tool.Result r, int instances) {
        String out = r.output();
        assertEquals(instances, out.split("Received Store Response \\(Refused: OutOfResources\\)", -1).length - 1,
                "storescu should report status 0xA700 for each of " + instances + " instances:\n" + out);
        assertFalse(out.toLowerCase(Locale.ROOT).contains("abort"), "the association is not aborted:\n" + out);
        assertTrue(out.contains("Releasing Association"), out);
    }

    private static void assertStowRefused(HttpResponse<String> r) throws Exception {
        assertEquals(503, r.statusCode(), r.body());
        long retryAfter = Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter > 0, "Retry-After " + retryAfter);
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"), r.headers().map().toString());
        JsonNode p = Jobs.JSON.readTree(r.body());
        assertEquals(503, p.path("status").asInt(), r.body());
        assertTrue(p.path("detail").asText().contains("thinslice.storage.min-free"), r.body());
    }

    private static HttpResponse<String> stow(Node node, Path file) throws Exception {
        String boundary = "diskfull";
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(("--" + boundary + "\r\nContent-Type: application/dicom\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        b.write(Files.readAllBytes(file));
        b.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort + "/dicom-web/studies"))
                .timeout(Duration.ofSeconds(30)).header("Accept", "application/dicom+json")
                .header("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(b.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> spooled(Node node) throws IOException {
        Path dir = node.storage.resolve("series");
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(Path::toString).toList();
        }
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }

    /** Writes real bytes (a sparse file would take no room on tmpfs) until {@code bytes} are used. */
    private static Path fill(Path fs, long bytes) throws IOException {
        Path filler = fs.resolve("filler.bin");
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            for (long left = bytes; left > 0; left -= chunk.length) {
                out.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
        }
        return filler;
    }

    /**
     * A tmpfs of {@code megabytes} at {@code dir}: a real small file system to fill. Mounting needs root (CAP_SYS_ADMIN);
     * where it is not allowed the test is skipped with the reason, not passed.
     */
    private static Path mountTmpfs(Path dir, int megabytes) throws IOException {
        Files.createDirectories(dir);
        Tool.Result r = Tool.run(List.of("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m", "tmpfs", dir.toString()), 30);
        Assumptions.assumeTrue(r.exitCode() == 0, "cannot mount a tmpfs here (needs root): " + r.output());
        return dir;
    }

    private static void unmount(Path dir) {
        Tool.run(List.of("umount", "-l", dir.toString()), 30);
    }
}

package io.thinslice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The thinslice.limits.* settings (issue 11, item 7), on one node with small limits: each limit met is answered with
 * its status and a reason naming the setting, nothing of the refused input is kept, a series stored and derived
 * before is still complete, and the node still answers.
 */
class LimitsIT {

    private static final int MAX_REQUEST = 1 << 20;
    private static final int MAX_PARTS = 12;
    private static final int MAX_IMAGE = 128;
    private static final int MAX_SLICES = 12;

    @TempDir
    static Path tmp;
    private static Node node;
    private static List<Path> template;
    private static String keeperSeries;
    private static List<String> keeperFiles;
    private static String keeperDerived;

    @BeforeAll
    static void startNode() throws Exception {
        node = Node.start(tmp.resolve("node"), "thinslice.synthesis.method", "linear", "thinslice.synthesis.factor", "2",
                "thinslice.series.stable-seconds", "1",
                "thinslice.limits.stow-max-request-size", "1M", "thinslice.limits.stow-max-parts", Integer.toString(MAX_PARTS),
                "thinslice.limits.max-image-size", Integer.toString(MAX_IMAGE), "thinslice.limits.max-slices", Integer.toString(MAX_SLICES));
        template = Studies.phantom(tmp.resolve("template"), "--name", "limits");
        List<Path> keeper = Crafted.series(template, tmp, "limits-keeper", (l, i) -> { });
        Tool.storescu("CTSCANNER", Node.AE, node.dicomPort, keeper).requireSuccess("storescu keeper");
        keeperSeries = Studies.seriesUid(keeper.get(0));
        JsonNode job = Jobs.awaitFinal(node, keeperSeries, 120);
        assertEquals("done", job.path("state").asText(), job.toString());
        keeperDerived = job.path("derivedSeriesInstanceUid").asText();
        keeperFiles = node.seriesFiles(keeperSeries, keeperDerived);
        assertEquals(9 + 17, keeperFiles.size(), keeperFiles.toString());
    }

    @AfterAll
    static void stopNode() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    private static void assertStillServing() throws Exception {
        assertTrue(node.isAlive(), "node alive");
        Tool.Result echo = Tool.echoscu("ECHOSCU", Node.AE, node.dicomPort);
        assertEquals(0, echo.exitCode(), "C-ECHO: " + echo.output() + "\n" + Jobs.tail(node.logText()));
        assertEquals(keeperFiles, node.seriesFiles(keeperSeries, keeperDerived), "what was stored before is all still there");
        assertEquals("done", Jobs.bySeries(node, keeperSeries).path("state").asText());
        Path incoming = node.storage.resolve("incoming");
        if (Files.isDirectory(incoming)) {
            try (Stream<Path> s = Files.list(incoming)) {
                assertEquals(List.of(), s.toList(), "no partial file left in incoming/");
            }
        }
        HttpResponse<String> qido = node.get("/dicom-web/series");
        assertEquals(200, qido.statusCode(), qido.body());
    }

    /** An application/problem+json body with this status whose detail contains {@code fragment}. */
    private static void assertProblem(HttpResponse<String> r, int status, String fragment) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"), r.headers().toString());
        JsonNode p = Jobs.JSON.readTree(r.body());
        assertEquals(status, p.path("status").asInt(), r.body());
        assertTrue(p.path("detail").asText().contains(fragment), "detail should name " + fragment + ": " + r.body());
    }

    @Test
    void stowRequestLargerThanTheLimitIs413AndNothingOfItIsStored() throws Exception {
        List<Path> files = Crafted.series(template, tmp, "too-large", (l, i) -> { });
        List<byte[]> parts = new ArrayList<>();
        for (Path f : files) {
            parts.add(Files.readAllBytes(f));
        }
        parts.add(new byte[MAX_REQUEST]); // after nine good instances, a part that takes the body over the limit
        byte[] body = Stow.multipart("b-large", parts);
        // Content-Length given: refused before the body is read.
        assertProblem(Stow.post(node, "b-large", HttpRequest.BodyPublishers.ofByteArray(body)), 413, "thinslice.limits.stow-max-request-size");
        // Chunked (no length): refused once the limit is passed; the nine instances before it are not kept.
        assertProblem(Stow.post(node, "b-large", HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))), 413,
                "thinslice.limits.stow-max-request-size");
        assertNull(Jobs.bySeries(node, Studies.seriesUid(files.get(0))), "nothing of the request stored");
        assertStillServing();
    }

    @Test
    void stowRequestWithMorePartsThanTheLimitIs413AndNothingOfItIsStored() throws Exception {
        List<Path> files = Crafted.series(template, tmp, "too-many", (l, i) -> { });
        List<byte[]> parts = new ArrayList<>();
        for (int i = 0; i <= MAX_PARTS; i++) {
            parts.add(Files.readAllBytes(files.get(i % files.size()))); // 13 parts, 4 of them duplicates
        }
        assertProblem(Stow.post(node, "b-parts", HttpRequest.BodyPublishers.ofByteArray(Stow.multipart("b-parts", parts))), 413,
                "thinslice.limits.stow-max-parts");
        assertNull(Jobs.bySeries(node, Studies.seriesUid(files.get(0))), "nothing of the request stored");
        // Exactly at the limit is fine.
        HttpResponse<String> ok = Stow.post(node, "b-parts", HttpRequest.BodyPublishers.ofByteArray(Stow.multipart("b-parts", parts.subList(0, MAX_PARTS))));
        assertEquals(200, ok.statusCode(), ok.body());
        JsonNode job = Jobs.awaitFinal(node, Studies.seriesUid(files.get(0)), 120);
        assertEquals("done", job.path("state").asText(), job.toString());
        assertStillServing();
    }

    @Test
    void imageLargerThanTheLimitIsRefusedByCStoreAndStowRs() throws Exception {
        Crafted.Edit widen = (l, i) -> {
            if (i == 1) {
                int n = MAX_IMAGE * 2;
                Crafted.putInt(l, TagFromName.Columns, n);
                Crafted.putPixels(l, new short[64 * n]);
            }
        };
        List<Path> files = Crafted.series(template.subList(0, 3), tmp, "too-wide", widen);
        // -nh: storescu goes on after a failed C-STORE.
        Tool.Result r = Tool.run(Tool.cmd("storescu", "-v", "-nh", "-aet", "CTSCANNER", "-aec", Node.AE, "127.0.0.1", node.dicomPort, files));
        assertEquals(1, count(r.output(), "Received Store Response (Error: CannotUnderstand)"), "0xC000 for the wide image:\n" + r.output());
        assertEquals(2, count(r.output(), "Received Store Response (Success)"), r.output());
        String series = Studies.seriesUid(files.get(0));
        JsonNode job = Jobs.await(node, series, j -> j.path("instancesReceived").asInt() == 2, 30);
        assertEquals(2, job.path("instancesReceived").asInt(), "the instances before and after it: " + job);
        assertTrue(!Files.exists(node.storage.resolve("series").resolve(series).resolve(Crafted.uid("too-wide/1") + ".dcm")), "not kept");
        // STOW-RS: the wide part fails with Failure Reason 0xC000, the other is stored (202).
        List<Path> viaStow = Crafted.series(template.subList(0, 2), tmp, "too-wide-stow", widen);
        HttpResponse<String> stow = Stow.post(node, "b-wide", HttpRequest.BodyPublishers.ofByteArray(Stow.multipart("b-wide",
                List.of(Files.readAllBytes(viaStow.get(1)), Files.readAllBytes(viaStow.get(0))))));
        assertEquals(202, stow.statusCode(), stow.body());
        JsonNode failed = Jobs.JSON.readTree(stow.body()).path("00081198").path("Value");
        assertEquals(1, failed.size(), stow.body());
        assertEquals(Crafted.uid("too-wide-stow/1"), failed.get(0).path("00081155").path("Value").get(0).asText(), stow.body());
        assertEquals(0xC000, failed.get(0).path("00081197").path("Value").get(0).asInt(), stow.body());
        assertEquals(1, Jobs.JSON.readTree(stow.body()).path("00081199").path("Value").size(), stow.body());
        assertTrue(node.logText().contains("thinslice.limits.max-image-size is " + MAX_IMAGE), "the log says why");
        assertStillServing();
    }

    @Test
    void seriesWithMoreSlicesThanTheLimitIsKeptAndItsJobFailsNamingTheSetting() throws Exception {
        List<Path> one = Crafted.series(template.subList(0, 1), tmp, "too-long-template", (l, i) -> Crafted.shrink(l, 4));
        AttributeList base = Studies.read(one.get(0));
        double[] p = base.get(TagFromName.ImagePositionPatient).getDoubleValues();
        String series = Crafted.uid("too-long/series");
        Path dir = Files.createDirectories(tmp.resolve("too-long"));
        List<Path> files = new ArrayList<>();
        for (int i = 0; i <= MAX_SLICES; i++) {
            Crafted.put(base, TagFromName.SeriesInstanceUID, series);
            Crafted.put(base, TagFromName.SOPInstanceUID, Crafted.uid("too-long/" + i));
            Crafted.put(base, TagFromName.ImagePositionPatient, fmt(p[0]), fmt(p[1]), fmt(p[2] + i * 5.0));
            Crafted.putInt(base, TagFromName.InstanceNumber, i + 1);
            files.add(Crafted.write(base, dir.resolve(String.format("slice-%04d.dcm", i))));
        }
        Tool.storescu("CTSCANNER", Node.AE, node.dicomPort, files).requireSuccess("every instance is stored");
        JsonNode job = Jobs.awaitFinal(node, series, 120);
        assertEquals("failed", job.path("state").asText(), job.toString());
        assertTrue(job.path("reason").asText().contains("the series has 13 instances; thinslice.limits.max-slices is 12"), job.toString());
        try (Stream<Path> s = Files.list(node.storage.resolve("series").resolve(series))) {
            assertEquals(13, s.count(), "the received instances are kept");
        }
        assertStillServing();
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}

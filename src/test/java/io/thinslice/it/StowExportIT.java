package io.thinslice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * STOW-RS out: the node receives a thick phantom by C-STORE and sends the derived series by STOW-RS to a real Orthanc
 * with its DICOMweb plugin ({@code thinslice.export.dicomweb}); a DICOMweb destination that is down at first gets the
 * series after retries.
 * The nodes synthesise linearly: the export is the point here, and the learned method's per-series adaptation would
 * only add time (StoreRoundTripIT runs the default method end to end).
 */
class StowExportIT {

    /** The phantom: 9 thick slices, factor 4: (9 − 1) · 4 + 1 derived instances. */
    private static final int DERIVED = (9 - 1) * 4 + 1;

    @TempDir
    Path tmp;

    @Test
    void derivedSeriesGoesToOrthancByStowRs() throws Exception {
        List<Path> thick = Studies.phantom(tmp.resolve("study"));
        assertEquals(9, thick.size());
        String series = Studies.seriesUid(thick.get(0));
        try (Orthanc orthanc = Orthanc.start(tmp.resolve("orthanc"), Map.of(), null, Map.of());
             Node node = Node.start(tmp.resolve("node"), "thinslice.synthesis.method", "linear",
                     "thinslice.export.dicomweb", "http://127.0.0.1:" + orthanc.httpPort + "/dicom-web/")) {
            Tool.storescu("CTSCANNER", Node.AE, node.dicomPort, thick).requireSuccess("storescu");
            JsonNode job = Jobs.awaitFinal(node, series, 120);
            assertEquals("done", job.path("state").asText(), job + "\n" + Jobs.tail(orthanc.logText()));
            assertEquals(DERIVED, job.path("derivedInstances").asInt(), job.toString());
            JsonNode export = job.path("exports").get(0);
            assertEquals("http://127.0.0.1:" + orthanc.httpPort + "/dicom-web", export.path("destination").asText(), export.toString());
            assertEquals("done", export.path("state").asText(), export.toString());
            assertEquals(1, export.path("attempts").asInt(), export.toString());
            assertEquals(DERIVED, export.path("sent").asInt(), export.toString());
            orthancSeries(orthanc, job.path("derivedSeriesInstanceUid").asText(), DERIVED);
        }
    }

    @Test
    void dicomWebDestinationDownThenUpGetsTheSeries() throws Exception {
        List<Path> thick = Studies.phantom(tmp.resolve("study"), "--name", "late");
        String series = Studies.seriesUid(thick.get(0));
        int orthancHttp = Ports.free();
        String url = "http://127.0.0.1:" + orthancHttp + "/dicom-web";
        try (Node node = Node.start(tmp.resolve("node"), "thinslice.synthesis.method", "linear",
                "thinslice.export.dicomweb", url + "|test-token",
                "thinslice.export.initial-backoff", "1s", "thinslice.export.max-backoff", "2s", "thinslice.export.max-attempts", "60")) {
            Tool.storescu("CTSCANNER", Node.AE, node.dicomPort, thick).requireSuccess("storescu");
            JsonNode retrying = Jobs.await(node, series, j -> j.path("exports").path(0).path("attempts").asInt() >= 2, 90);
            JsonNode export = retrying.path("exports").get(0);
            assertEquals("exporting", retrying.path("state").asText(), retrying.toString());
            assertEquals("retrying", export.path("state").asText(), export.toString());
            assertEquals(url, export.path("destination").asText(), "the token is not shown: " + export);
            assertTrue(export.path("lastError").asText().startsWith("STOW-RS to " + url + " failed: "), export.toString());
            assertTrue(export.has("nextAttemptAt"), "the next attempt is shown: " + export);
            assertFalse(retrying.toString().contains("test-token"), retrying.toString());

            try (Orthanc orthanc = Orthanc.start(tmp.resolve("orthanc"), Map.of(), null, Map.of(), orthancHttp)) {
                JsonNode job = Jobs.awaitFinal(node, series, 90);
                assertEquals("done", job.path("state").asText(), job + "\n" + Jobs.tail(orthanc.logText()));
                JsonNode done = job.path("exports").get(0);
                assertTrue(done.path("attempts").asInt() >= 3, job.toString());
                assertEquals(DERIVED, done.path("sent").asInt(), done.toString());
                orthancSeries(orthanc, job.path("derivedSeriesInstanceUid").asText(), DERIVED);
            }
        }
    }

    /** Waits until Orthanc holds the series with exactly {@code instances} instances. */
    private static void orthancSeries(Orthanc orthanc, String seriesUid, int instances) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<String> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            seen.clear();
            for (JsonNode id : orthanc.json("/series")) {
                JsonNode s = orthanc.json("/series/" + id.asText());
                seen.add(s.path("MainDicomTags").path("SeriesInstanceUID").asText() + " (" + s.path("Instances").size() + ")");
                if (seriesUid.equals(s.path("MainDicomTags").path("SeriesInstanceUID").asText()) && s.path("Instances").size() == instances) {
                    return;
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("series " + seriesUid + " with " + instances + " instances not in Orthanc; it has " + seen + "\n"
                + Jobs.tail(orthanc.logText()));
    }
}

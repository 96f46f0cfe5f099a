package io.thinslice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.pixelmed.dicom.TagFromName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * thinslice.storage.retention: a finished series (received instances and derived series) is deleted from disk after
 * the retention time, stops being served over DICOMweb, its job becomes expired; sent again, it is processed afresh.
 * With retention 0 nothing is deleted. The nodes synthesise linearly: retention is the point here, and the learned
 * method's per-series adaptation would only add time (StoreRoundTripIT runs the default method end to end).
 */
class RetentionIT {

    @TempDir
    Path tmp;

    @Test
    void finishedSeriesIsDeletedAfterTheRetentionAndProcessedAgainWhenResent() throws Exception {
        List<Path> thick = Studies.phantom(tmp.resolve("study"));
        String source = Studies.seriesUid(thick.get(0));
        String study = Studies.string(Studies.read(thick.get(0)), TagFromName.StudyInstanceUID);
        Path storage = tmp.resolve("node");
        try (Node node = Node.start(storage, "thinslice.synthesis.method", "linear",
                "thinslice.storage.retention", "6s", "thinslice.storage.retention-check", "1s",
                "thinslice.dicomweb.serve-sources", "true")) {
            Tool.storescu("CTSCANNER", Node.AE, node.dicomPort, thick).requireSuccess("storescu");
            JsonNode done = Jobs.awaitFinal(node, source, 90);
            assertEquals("done", done.path("state").asText(), done.toString());
            String derived = done.path("derivedSeriesInstanceUid").asText();
            Path spooled = storage.resolve("series").resolve(source);
            Path derivedDir = storage.resolve("derived").resolve(derived);
            assertTrue(Files.isDirectory(spooled) && Files.isDirectory(derivedDir), "both series on disk while retained");
            assertEquals(200, node.get("/dicom-web/studies/" + study + "/series/" + derived + "/metadata").statusCode());

            JsonNode expired = Jobs.await(node, source, j -> "expired".equals(j.path("state").asText()), 60);
            assertFalse(expired.path("expiredAt").isMissingNode() || expired.path("expiredAt").isNull(), expired.toString());
            assertEquals(derived, expired.path("derivedSeriesInstanceUid").asText(), "the record keeps what was derived");
            // The job is recorded expired before its files go (so that a stop half-way through is finished at the next
            // start): the deletion follows within moments.
            long deletedBy = System.nanoTime() + 20_000_000_000L;
            while ((Files.exists(spooled) || Files.exists(derivedDir)) && System.nanoTime() < deletedBy) {
                Thread.sleep(200);
            }
            assertFalse(Files.exists(spooled), "received instances deleted");
            assertFalse(Files.exists(derivedDir), "derived series deleted");
            assertEquals(404, node.get("/dicom-web/studies/" + study + "/series/" + derived + "/metadata").statusCode());
            assertEquals("[]", node.get("/dicom-web/series?SeriesInstanceUID=" + derived).body());
            assertEquals("[]", node.get("/dicom-web/series?SeriesInstanceUID=" + source).body());
            assertTrue(node.get("/q/metrics").body().lines().anyMatch(l -> l.startsWith("thinslice_storage_expired_total") && !l.endsWith(" 0.0")),
                    "thinslice_storage_expired_total counts it");

            node.close();

            // A stop half-way through a deletion leaves files of an expired series: the restarted node finishes the
            // deletion and does not process the remains as a new series.
            Files.createDirectories(spooled);
            Files.copy(thick.get(3), spooled.resolve("leftover.dcm"));
            try (Node restarted = node.restart()) {
                long deadline = System.nanoTime() + 20_000_000_000L;
                while (Files.exists(spooled) && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
                assertFalse(Files.exists(spooled), "leftover deleted after the restart");
                Thread.sleep(3000); // longer than the stable time: a resumed series would be processing by now
                assertEquals("expired", Jobs.bySeries(restarted, source).path("state").asText());

                // The same series again: not a duplicate of deleted files, processed afresh, served again.
                Tool.storescu("CTSCANNER", Node.AE, restarted.dicomPort, thick).requireSuccess("storescu again");
                JsonNode again = Jobs.await(restarted, source, j -> "done".equals(j.path("state").asText()), 90);
                assertEquals(9, again.path("instancesReceived").asInt(), again.toString());
                assertTrue(again.path("expiredAt").isNull() || again.path("expiredAt").isMissingNode(), again.toString());
                assertEquals(derived, again.path("derivedSeriesInstanceUid").asText(), "deterministic UIDs");
                assertEquals(200, restarted.get("/dicom-web/studies/" + study + "/series/" + derived + "/metadata").statusCode());
            }
        }
    }

    @Test
    void retentionZeroKeepsEverything() throws Exception {
        List<Path> thick = Studies.phantom(tmp.resolve("study"));
        String source = Studies.seriesUid(thick.get(0));
        Path storage = tmp.resolve("node");
        try (Node node = Node.start(storage, "thinslice.synthesis.method", "linear",
                "thinslice.storage.retention", "0", "thinslice.storage.retention-check", "1s")) {
            Tool.storescu("CTSCANNER", Node.AE, node.dicomPort, thick).requireSuccess("storescu");
            JsonNode done = Jobs.awaitFinal(node, source, 90);
            assertEquals("done", done.path("state").asText(), done.toString());
            Thread.sleep(4000); // four retention checks
            assertEquals("done", Jobs.bySeries(node, source).path("state").asText());
            assertTrue(Files.isDirectory(storage.resolve("series").resolve(source)));
            assertTrue(Files.isDirectory(storage.resolve("derived").resolve(done.path("derivedSeriesInstanceUid").asText())));
        }
    }
}

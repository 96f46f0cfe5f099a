package io.thinslice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A destination that is down at first and up later receives the series after retries.
 * The nodes synthesise linearly: the export is the point here, and the learned method's per-series adaptation would
 * only add time (StoreRoundTripIT runs the default method end to end).
 */
class ExportRetryIT {

    @TempDir
    Path tmp;

    @Test
    void destinationDownThenUpGetsTheSeries() throws Exception {
        List<Path> thick = Studies.phantom(tmp.resolve("study"));
        String series = Studies.seriesUid(thick.get(0));
        int pacsPort = Ports.free();
        try (Node node = Node.start(tmp.resolve("node"), "thinslice.synthesis.method", "linear",
                "thinslice.export.destinations", "LATEPACS@127.0.0.1:" + pacsPort,
                "thinslice.export.initial-backoff", "1s", "thinslice.export.max-backoff", "2s", "thinslice.export.max-attempts", "30")) {
            Tool.storescu("CTSCANNER", Node.AE, node.dicomPort, thick).requireSuccess("storescu");
            JsonNode retrying = Jobs.await(node, series, j -> j.path("exports").path(0).path("attempts").asInt() >= 2, 90);
            JsonNode export = retrying.path("exports").get(0);
            assertEquals("exporting", retrying.path("state").asText(), retrying.toString());
            assertEquals("retrying", export.path("state").asText(), export.toString());
            assertFalse(export.path("lastError").asText().isEmpty(), "the failure is shown: " + export);
            assertTrue(export.has("nextAttemptAt"), "the next attempt is shown: " + export);

            try (Storescp pacs = Storescp.start("LATEPACS", pacsPort, tmp.resolve("pacs"))) {
                JsonNode job = Jobs.awaitFinal(node, series, 60);
                assertEquals("done", job.path("state").asText(), job.toString());
                assertTrue(job.path("exports").get(0).path("attempts").asInt() >= 3, job.toString());
                DerivedSeriesAssertions.check(thick, pacs.awaitFiles(33, 30), 4);
            }
        }
    }

    @Test
    void destinationThatNeverComesUpFailsTheJobWithReason() throws Exception {
        List<Path> thick = Studies.phantom(tmp.resolve("study"), "--name", "never");
        String series = Studies.seriesUid(thick.get(0));
        try (Node node = Node.start(tmp.resolve("node"), "thinslice.synthesis.method", "linear",
                "thinslice.export.destinations", "NOPACS@127.0.0.1:" + Ports.free(),
                "thinslice.export.initial-backoff", "200ms", "thinslice.export.max-backoff", "200ms", "thinslice.export.max-attempts", "3")) {
            Tool.storescu("CTSCANNER", Node.AE, node.dicomPort, thick).requireSuccess("storescu");
            JsonNode job = Jobs.awaitFinal(node, series, 60);
            assertEquals("failed", job.path("state").asText(), job.toString());
            assertTrue(job.path("reason").asText().contains("after 3 attempts"), job.toString());
            assertEquals("failed", job.path("exports").get(0).path("state").asText());
        }
    }
}

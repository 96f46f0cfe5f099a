package io.thinslice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.pixelmed.dicom.TagFromName;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL after the series is spooled and before it is exported: the restarted node delivers it with the same UIDs.
 * The nodes synthesise linearly: the restart is the point here, and the learned method's per-series adaptation would
 * only add time (StoreRoundTripIT runs the default method end to end).
 */
class RestartIT {

    @TempDir
    Path tmp;

    @Test
    void seriesSpooledBeforeAKillIsDeliveredAfterRestartWithTheSameUids() throws Exception {
        List<Path> thick = Studies.phantom(tmp.resolve("study"));
        String series = Studies.seriesUid(thick.get(0));

        // Reference: what a node that is never killed delivers for this series.
        Set<String> expected;
        try (Storescp pacs = Storescp.start("REFPACS", Ports.free(), tmp.resolve("ref-pacs"));
             Node reference = Node.start(tmp.resolve("ref-node"), "thinslice.synthesis.method", "linear",
                     "thinslice.export.destinations", pacs.destination())) {
            Tool.storescu("CTSCANNER", Node.AE, reference.dicomPort, thick).requireSuccess("storescu");
            assertEquals("done", Jobs.awaitFinal(reference, series, 90).path("state").asText());
            expected = uids(pacs.awaitFiles(33, 30));
        }

        try (Storescp pacs = Storescp.start("PACS", Ports.free(), tmp.resolve("pacs"))) {
            // A long stable time holds the series in the spool: received, not yet processed or exported.
            Node first = Node.start(tmp.resolve("node"), "thinslice.synthesis.method", "linear",
                    "thinslice.export.destinations", pacs.destination(),
                    "thinslice.series.stable-seconds", "3600");
            Tool.storescu("CTSCANNER", Node.AE, first.dicomPort, thick).requireSuccess("storescu");
            JsonNode before = Jobs.bySeries(first, series);
            assertEquals("receiving", before.path("state").asText(), before.toString());
            assertEquals(9, before.path("instancesReceived").asInt());
            first.kill();
            assertTrue(pacs.files().isEmpty(), "nothing exported before the kill");

            try (Node second = first.restart("thinslice.series.stable-seconds", "1")) {
                JsonNode job = Jobs.awaitFinal(second, series, 90);
                assertEquals("done", job.path("state").asText(), job.toString());
                assertEquals(9, job.path("instancesReceived").asInt(), "all spooled instances recovered");
                List<Path> received = pacs.awaitFiles(33, 30);
                DerivedSeriesAssertions.check(thick, received, 4);
                assertEquals(expected, uids(received), "same Series and SOP Instance UIDs as an uninterrupted run");
            }
        }
    }

    private static Set<String> uids(List<Path> files) throws Exception {
        Set<String> uids = new TreeSet<>();
        for (Path f : files) {
            var l = Studies.read(f);
            uids.add(DerivedSeriesAssertions.str(l, TagFromName.SeriesInstanceUID) + "/" + DerivedSeriesAssertions.str(l, TagFromName.SOPInstanceUID));
        }
        return uids;
    }
}

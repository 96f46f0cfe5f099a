package io.thinslice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * Orthanc as the PACS: a Lua OnStableSeries rule routes every stable series to ThinSlice (deliberately naive,
 * so it also routes ThinSlice's own output back); the derived series arrives in Orthanc and the node refuses to
 * process it again, so there is no loop. The node synthesises linearly: the routing is the point here, and the
 * learned method's per-series adaptation would only add time (StoreRoundTripIT runs the default method end to end).
 */
class OrthancRoutingIT {

    private static final String ROUTE_EVERY_STABLE_SERIES = """
            function OnStableSeries(seriesId, tags, metadata)
              print('routing stable series ' .. seriesId .. ' to thinslice')
              -- SendToModality() only sends single instances; a series goes through the REST API.
              RestApiPost('/modalities/thinslice/store', '{"Resources": ["' .. seriesId .. '"], "Asynchronous": true}')
            end
            """;

    @TempDir
    Path tmp;

    @Test
    void autoRoutedSeriesComesBackDerivedAndIsNotProcessedAgain() throws Exception {
        List<Path> thick = Studies.phantom(tmp.resolve("study"));
        String source = Studies.seriesUid(thick.get(0));
        int nodePort = Ports.free();
        try (Orthanc orthanc = Orthanc.start(tmp.resolve("orthanc"), Map.of("thinslice", new Object[] {Node.AE, "127.0.0.1", nodePort}),
                ROUTE_EVERY_STABLE_SERIES);
             Node node = Node.start(tmp.resolve("node"), "thinslice.dicom.port", Integer.toString(nodePort), "thinslice.synthesis.method", "linear",
                     "thinslice.export.destinations", Orthanc.AE + "@127.0.0.1:" + orthanc.dicomPort)) {
            // A modality sends the thick series to the PACS.
            Tool.storescu("CTSCANNER", Orthanc.AE, orthanc.dicomPort, thick).requireSuccess("storescu to Orthanc");

            JsonNode job = Jobs.awaitFinal(node, source, 120);
            assertEquals("done", job.path("state").asText(), job.toString());
            assertTrue(job.path("origin").asText().contains(Orthanc.AE), "routed by Orthanc: " + job);
            String derived = job.path("derivedSeriesInstanceUid").asText();

            JsonNode derivedInOrthanc = awaitSeries(orthanc, derived, 33, 60);
            assertEquals("ThinSlice", derivedInOrthanc.path("MainDicomTags").path("Manufacturer").asText(""), derivedInOrthanc.toString()
                    .substring(0, Math.min(400, derivedInOrthanc.toString().length())));

            // Orthanc's rule routes the derived series back to ThinSlice, which ignores it.
            JsonNode echo = Jobs.awaitFinal(node, derived, 60);
            assertEquals("ignored", echo.path("state").asText(), echo.toString());
            assertTrue(echo.path("reason").asText().contains("derived by ThinSlice"), echo.toString());

            // Nothing further arrives: exactly the source and the derived series, one job each.
            TimeUnit.SECONDS.sleep(5);
            assertEquals(List.of(source, derived).stream().sorted().toList(), seriesUids(orthanc).stream().sorted().toList());
            assertEquals(2, Jobs.list(node).size(), Jobs.list(node).toString());
        }
    }

    private static List<String> seriesUids(Orthanc orthanc) throws Exception {
        List<String> uids = new ArrayList<>();
        for (JsonNode id : orthanc.json("/series")) {
            uids.add(orthanc.json("/series/" + id.asText()).path("MainDicomTags").path("SeriesInstanceUID").asText());
        }
        return uids;
    }

    private static JsonNode awaitSeries(Orthanc orthanc, String seriesUid, int instances, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            for (JsonNode id : orthanc.json("/series")) {
                JsonNode s = orthanc.json("/series/" + id.asText());
                if (seriesUid.equals(s.path("MainDicomTags").path("SeriesInstanceUID").asText()) && s.path("Instances").size() == instances) {
                    JsonNode instance = orthanc.json("/instances/" + s.path("Instances").get(0).asText() + "/simplified-tags");
                    ((com.fasterxml.jackson.databind.node.ObjectNode) s.path("MainDicomTags")).put("Manufacturer", instance.path("Manufacturer").asText());
                    return s;
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("derived series " + seriesUid + " with " + instances + " instances not in Orthanc after " + seconds
                + " s; Orthanc log:\n" + Jobs.tail(orthanc.logText()));
    }
}

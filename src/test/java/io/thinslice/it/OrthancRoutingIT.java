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
 * so it also routes ThinSlice's own output back). The node, with the default series selection, derives only the
 * two 5 mm axial series of a routed study and ignores the rest, each job naming its rule; the derived series arrive in
 * Orthanc and the node refuses to process them again, so there is no loop. The node synthesises linearly: the routing is the point here, and the
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

    /** Each series of the routing study that the default selection ignores, with what its job's reason must say. */
    private static final Map<String, String> IGNORED = Map.of(
            "1-topogram", "Image Type is ORIGINAL\\PRIMARY\\LOCALIZER (a localizer); thinslice.select takes AXIAL only",
            "2-axial-1mm", "the slices are 1 mm apart (along the slice normal); thinslice.select.min-spacing is 2 mm",
            "5-coronal-reformat", "Image Type is DERIVED\\SECONDARY\\REFORMATTED (a reformat or other secondary image); "
                    + "thinslice.select.reformats is ignore",
            "6-two-slices", "the series has 2 instances; thinslice.select.min-slices is 8");
    private static final List<String> DERIVED = List.of("3-axial-5mm-soft", "4-axial-5mm-sharp");

    @Test
    void everyCtSeriesIsRoutedAndOnlyTheTwo5mmSeriesComeBackDerivedNotProcessedAgain() throws Exception {
        // A study as a scanner sends it: a topogram, 1 mm and 5 mm (two kernels) axial series, a coronal reformat, 2 slices.
        Map<String, List<Path>> study = Studies.routingStudy(tmp.resolve("study"));
        assertEquals(java.util.Set.copyOf(concat(IGNORED.keySet(), DERIVED)), study.keySet());
        Map<String, String> uids = new java.util.TreeMap<>();
        List<Path> all = new ArrayList<>();
        for (Map.Entry<String, List<Path>> e : study.entrySet()) {
            uids.put(e.getKey(), Studies.seriesUid(e.getValue().get(0)));
            all.addAll(e.getValue());
        }
        int nodePort = Ports.free();
        try (Orthanc orthanc = Orthanc.start(tmp.resolve("orthanc"), Map.of("thinslice", new Object[] {Node.AE, "127.0.0.1", nodePort}),
                ROUTE_EVERY_STABLE_SERIES);
             // The selection defaults (null: the node's own, not the test node's min-slices) and a linear synthesis.
             Node node = Node.start(tmp.resolve("node"), "thinslice.dicom.port", Integer.toString(nodePort), "thinslice.synthesis.method", "linear",
                     "thinslice.select.min-slices", null,
                     "thinslice.export.destinations", Orthanc.AE + "@127.0.0.1:" + orthanc.dicomPort)) {
            // A modality sends the study to the PACS; Orthanc's rule sends every series on to ThinSlice.
            Tool.storescu("CTSCANNER", Orthanc.AE, orthanc.dicomPort, all).requireSuccess("storescu to Orthanc");

            for (Map.Entry<String, String> e : IGNORED.entrySet()) {
                JsonNode job = Jobs.awaitFinal(node, uids.get(e.getKey()), 120);
                assertEquals("ignored", job.path("state").asText(), e.getKey() + ": " + job);
                assertTrue(job.path("reason").asText().contains(e.getValue()), e.getKey() + " names its rule: " + job);
                assertTrue(job.path("origin").asText().contains(Orthanc.AE), "routed by Orthanc: " + job);
            }
            List<String> derived = new ArrayList<>();
            for (String name : DERIVED) {
                JsonNode job = Jobs.awaitFinal(node, uids.get(name), 120);
                assertEquals("done", job.path("state").asText(), name + ": " + job);
                derived.add(job.path("derivedSeriesInstanceUid").asText());
            }
            for (String d : derived) {
                JsonNode derivedInOrthanc = awaitSeries(orthanc, d, 33, 60);
                assertEquals("ThinSlice", derivedInOrthanc.path("MainDicomTags").path("Manufacturer").asText(""), derivedInOrthanc.toString()
                        .substring(0, Math.min(400, derivedInOrthanc.toString().length())));
                // Orthanc's rule routes the derived series back to ThinSlice, which ignores it.
                JsonNode echo = Jobs.awaitFinal(node, d, 60);
                assertEquals("ignored", echo.path("state").asText(), echo.toString());
                assertTrue(echo.path("reason").asText().contains("derived by ThinSlice"), echo.toString());
            }

            // Nothing further arrives: the six series and the two derived ones, one job each, none failed.
            TimeUnit.SECONDS.sleep(5);
            assertEquals(concat(uids.values(), derived).stream().sorted().toList(), seriesUids(orthanc).stream().sorted().toList());
            List<JsonNode> jobs = Jobs.list(node);
            assertEquals(8, jobs.size(), jobs.toString());
            assertEquals(List.of(), jobs.stream().filter(j -> !List.of("done", "ignored").contains(j.path("state").asText())).toList());

            // The selection metric counts the decisions by rule.
            String metrics = node.get("/q/metrics").body();
            for (String line : List.of("{decision=\"selected\",rule=\"none\"} 2.0", "{decision=\"ignored\",rule=\"localizer\"} 1.0",
                    "{decision=\"ignored\",rule=\"min-spacing\"} 1.0", "{decision=\"ignored\",rule=\"reformat\"} 1.0",
                    "{decision=\"ignored\",rule=\"min-slices\"} 1.0", "{decision=\"ignored\",rule=\"thinslice-output\"} 2.0")) {
                assertTrue(metrics.contains("thinslice_series_selection_total" + line), "thinslice_series_selection_total" + line + " in:\n"
                        + metrics.lines().filter(l -> l.contains("selection")).toList());
            }
        }
    }

    private static List<String> concat(java.util.Collection<String> a, java.util.Collection<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
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

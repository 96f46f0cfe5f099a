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
 * Export destinations that misbehave (issue 10, item 4), each a real peer: a dcmtk {@code storescp} that accepts the
 * association and then sleeps instead of answering (timed out, retried), an Orthanc whose Lua filter fails once
 * (C-STORE answered 0xA700 "out of resources": retried for that instance only), and an Orthanc DICOMweb server that
 * stores only part of a STOW-RS request (retried for the instances it did not store).
 * The nodes synthesise linearly: the export is the point here, and the learned method's per-series adaptation would
 * only add time (StoreRoundTripIT runs the default method end to end).
 */
class ExportPeersIT {

    /** The phantom: 9 thick slices, factor 4: (9 − 1) · 4 + 1 derived instances. */
    private static final int DERIVED = (9 - 1) * 4 + 1;

    /** Fails the third instance it is given, once: Orthanc 1.10 answers a failing filter with C-STORE 0xA700 (observed). */
    private static final String FAIL_THIRD_ONCE = """
            received = 0
            function ReceivedInstanceFilter(dicom, origin, info)
              received = received + 1
              if received == 3 then
                error('test: refusing this instance once')
              end
              return true
            end
            """;

    @TempDir
    Path tmp;

    @Test
    void destinationThatNeverAnswersTimesOutAndIsRetried() throws Exception {
        List<Path> thick = Studies.phantom(tmp.resolve("study"), "--name", "hang");
        String series = Studies.seriesUid(thick.get(0));
        int port = Ports.free();
        try (Node node = Node.start(tmp.resolve("node"), "thinslice.synthesis.method", "linear",
                "thinslice.export.destinations", "HANG@127.0.0.1:" + port,
                "thinslice.export.timeout", "2s", "thinslice.export.initial-backoff", "1s", "thinslice.export.max-backoff", "1s",
                "thinslice.export.max-attempts", "60")) {
            JsonNode timedOut;
            // Accepts the association, then sleeps inside the first C-STORE instead of answering it.
            try (Storescp hanging = Storescp.start("HANG", port, tmp.resolve("hang"), "--sleep-during", "300")) {
                Tool.storescu("CTSCANNER", Node.AE, node.dicomPort, thick).requireSuccess("storescu");
                timedOut = Jobs.await(node, series, j -> j.path("exports").path(0).path("failures").size() >= 1, 120);
            }
            JsonNode first = timedOut.path("exports").get(0).path("failures").get(0);
            assertEquals(1, first.path("attempt").asInt(), first.toString());
            assertTrue(first.path("problem").asText().contains("HANG@127.0.0.1:" + port
                    + " accepted the association but did not answer a C-STORE request within 2 s (thinslice.export.timeout)"), first.toString());
            assertEquals("exporting", timedOut.path("state").asText(), timedOut.toString());

            try (Storescp pacs = Storescp.start("HANG", port, tmp.resolve("pacs"))) {
                JsonNode job = Jobs.awaitFinal(node, series, 90);
                assertEquals("done", job.path("state").asText(), job.toString());
                JsonNode export = job.path("exports").get(0);
                assertTrue(export.path("attempts").asInt() >= 2, export.toString());
                assertEquals(DERIVED, export.path("sent").asInt(), export.toString());
                assertTrue(export.path("failures").get(0).path("problem").asText().contains("(thinslice.export.timeout)"),
                        "the timed-out attempt stays in the job: " + export);
                DerivedSeriesAssertions.check(thick, pacs.awaitFiles(DERIVED, 30), 4);
            }
        }
    }

    @Test
    void outOfResourcesIsRetriedForTheRefusedInstanceOnly() throws Exception {
        List<Path> thick = Studies.phantom(tmp.resolve("study"), "--name", "busy");
        String series = Studies.seriesUid(thick.get(0));
        try (Orthanc orthanc = Orthanc.start(tmp.resolve("orthanc"), Map.of(), FAIL_THIRD_ONCE);
             Node node = Node.start(tmp.resolve("node"), "thinslice.synthesis.method", "linear",
                     "thinslice.export.destinations", Orthanc.AE + "@127.0.0.1:" + orthanc.dicomPort,
                     "thinslice.export.initial-backoff", "1s", "thinslice.export.max-backoff", "1s", "thinslice.export.max-attempts", "5")) {
            Tool.storescu("CTSCANNER", Node.AE, node.dicomPort, thick).requireSuccess("storescu");
            JsonNode job = Jobs.awaitFinal(node, series, 120);
            assertEquals("done", job.path("state").asText(), job + "\n" + Jobs.tail(orthanc.logText()));
            JsonNode export = job.path("exports").get(0);
            assertEquals(2, export.path("attempts").asInt(), export.toString());
            assertEquals(DERIVED, export.path("sent").asInt(), export.toString());
            assertEquals(1, export.path("failures").size(), export.toString());
            String problem = export.path("failures").get(0).path("problem").asText();
            assertTrue(problem.contains("answered C-STORE with 0xA700 (Refused: Out of Resources) for 1 instance, " + (DERIVED - 1)
                    + " of " + DERIVED + " stored"), problem);
            assertEquals(List.of(DERIVED), orthancSeriesSizes(orthanc, job.path("derivedSeriesInstanceUid").asText(), DERIVED));
        }
    }

    @Test
    void stowRsThatStoresPartOfTheSeriesGetsTheRestOnTheNextAttempt() throws Exception {
        List<Path> thick = Studies.phantom(tmp.resolve("study"), "--name", "partial");
        String series = Studies.seriesUid(thick.get(0));
        try (Orthanc orthanc = Orthanc.start(tmp.resolve("orthanc"), Map.of(), FAIL_THIRD_ONCE, Map.of());
             Node node = Node.start(tmp.resolve("node"), "thinslice.synthesis.method", "linear",
                     "thinslice.export.dicomweb", "http://127.0.0.1:" + orthanc.httpPort + "/dicom-web",
                     "thinslice.export.initial-backoff", "1s", "thinslice.export.max-backoff", "1s", "thinslice.export.max-attempts", "5")) {
            Tool.storescu("CTSCANNER", Node.AE, node.dicomPort, thick).requireSuccess("storescu");
            JsonNode job = Jobs.awaitFinal(node, series, 120);
            assertEquals("done", job.path("state").asText(), job + "\n" + Jobs.tail(orthanc.logText()));
            JsonNode export = job.path("exports").get(0);
            assertEquals(2, export.path("attempts").asInt(), export.toString());
            assertEquals(DERIVED, export.path("sent").asInt(), export.toString());
            String problem = export.path("failures").get(0).path("problem").asText();
            // Orthanc 1.10 / DICOMweb 1.7 stops at the failing instance and still answers 200, naming the 2 it stored.
            assertTrue(problem.contains("answered HTTP 200; 2 of " + DERIVED + " stored"), problem);
            assertEquals(List.of(DERIVED), orthancSeriesSizes(orthanc, job.path("derivedSeriesInstanceUid").asText(), DERIVED));
        }
    }

    @Test
    void destinationThatDoesNotTakeCtFailsTheJobAtOnceWithTheReason() throws Exception {
        List<Path> thick = Studies.phantom(tmp.resolve("study"), "--name", "mronly");
        String series = Studies.seriesUid(thick.get(0));
        // A storescp that takes only MR Image Storage (and C-ECHO): CT Image Storage is refused in the negotiation.
        Path config = tmp.resolve("mr-only.cfg");
        java.nio.file.Files.writeString(config, """
                [[TransferSyntaxes]]
                [Uncompressed]
                TransferSyntax1 = LocalEndianExplicit
                TransferSyntax2 = LittleEndianImplicit
                [[PresentationContexts]]
                [MROnly]
                PresentationContext1 = VerificationSOPClass\\Uncompressed
                PresentationContext2 = MRImageStorage\\Uncompressed
                [[Profiles]]
                [MROnly]
                PresentationContexts = MROnly
                """);
        int port = Ports.free();
        try (Storescp mrOnly = Storescp.start("MRONLY", port, tmp.resolve("mronly"), "-xf", config.toString(), "MROnly");
             Node node = Node.start(tmp.resolve("node"), "thinslice.synthesis.method", "linear",
                     "thinslice.export.destinations", mrOnly.destination(),
                     "thinslice.export.initial-backoff", "1s", "thinslice.export.max-backoff", "1s", "thinslice.export.max-attempts", "10")) {
            Tool.storescu("CTSCANNER", Node.AE, node.dicomPort, thick).requireSuccess("storescu");
            JsonNode job = Jobs.awaitFinal(node, series, 120);
            assertEquals("failed", job.path("state").asText(), job.toString());
            JsonNode export = job.path("exports").get(0);
            assertEquals(1, export.path("attempts").asInt(), "not retried: " + export);
            assertEquals("failed", export.path("state").asText(), export.toString());
            String reason = job.path("reason").asText();
            assertTrue(reason.startsWith("gave up on " + mrOnly.destination() + " at attempt 1 (not retried"), reason);
            assertTrue(reason.contains("accepted no presentation context for SOP Class 1.2.840.10008.5.1.4.1.1.2"), reason);
            assertEquals(List.of(), mrOnly.files());
        }
    }

    /** Instance counts of Orthanc's series with {@code seriesUid}, once one holds {@code expected} (or after 30 s). */
    private static List<Integer> orthancSeriesSizes(Orthanc orthanc, String seriesUid, int expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<Integer> sizes = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            sizes.clear();
            for (JsonNode id : orthanc.json("/series")) {
                JsonNode s = orthanc.json("/series/" + id.asText());
                if (seriesUid.equals(s.path("MainDicomTags").path("SeriesInstanceUID").asText())) {
                    sizes.add(s.path("Instances").size());
                }
            }
            if (sizes.equals(List.of(expected))) {
                break;
            }
            Thread.sleep(500);
        }
        return sizes;
    }
}

package io.thinslice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** C-STORE in from dcmtk storescu, derived series out to dcmtk storescp, checked row by row and by dciodvfy. */
class StoreRoundTripIT {

    /** The node's default synthesis method: its test runs with the node's embedded defaults. */
    private static final String DEFAULT_METHOD = "three-view";

    /** Phantom options of the small default-method series (DeterminismIT uses the same study: one phantom command). */
    static final Object[] SMALL = {"--rows", 24, "--columns", 24};

    @TempDir
    Path tmp;

    /**
     * With the learned model (the default) and with cubic interpolation. The default run's series is 24x24
     * ({@link #SMALL}): its 250 adaptation steps are what this case costs, and a step's in-plane pairs and the checks
     * grow with the slice size (one thread, 600 steps: 64x64 ~100 s of CPU, 32x32 ~60 s, 24x24 ~42 s); the guard still chooses on
     * held-out slices of it.
     */
    @ParameterizedTest
    @ValueSource(strings = {"three-view", "cubic"})
    void thickPhantomComesBackAsThinDerivedSeries(String method) throws Exception {
        List<Path> thick = method.equals(DEFAULT_METHOD)
                ? Studies.phantom(tmp.resolve("study"), SMALL)
                : Studies.phantom(tmp.resolve("study"));
        assertEquals(9, thick.size());
        try (Storescp pacs = Storescp.start("PACS", Ports.free(), tmp.resolve("pacs"));
             Node node = method.equals(DEFAULT_METHOD)
                     // the embedded defaults, adaptation and the guard included
                     ? Node.start(tmp.resolve("node"), "thinslice.export.destinations", pacs.destination(), "thinslice.synthesis.adapt-steps", null)
                     : Node.start(tmp.resolve("node"), "thinslice.export.destinations", pacs.destination(), "thinslice.synthesis.method", method)) {
            assertEquals(0, Tool.echoscu("ECHOSCU", Node.AE, node.dicomPort).exitCode(), "C-ECHO answered");
            Tool.storescu("CTSCANNER", Node.AE, node.dicomPort, thick).requireSuccess("storescu");
            // The same series again: each instance is kept once.
            Tool.storescu("CTSCANNER", Node.AE, node.dicomPort, thick).requireSuccess("storescu (resend)");

            String series = Studies.seriesUid(thick.get(0));
            JsonNode job = Jobs.awaitFinal(node, series, 240);
            assertEquals("done", job.path("state").asText(), job.toString());
            assertEquals(9, job.path("instancesReceived").asInt(), "distinct instances");
            assertEquals(9, job.path("duplicatesReceived").asInt(), "duplicates dropped");
            assertEquals(33, job.path("derivedInstances").asInt());
            assertEquals("done", job.path("exports").get(0).path("state").asText());
            assertEquals(9, Files.list(node.storage.resolve("series").resolve(series)).count(), "spool holds each instance once");

            List<Path> received = pacs.awaitFiles(33, 30);
            assertEquals(33, received.size());
            DerivedSeriesAssertions.check(thick, received, 4);
            if (method.equals("three-view")) {
                // The guard chose per series; what it chose is in the job, the metric and every instance.
                String version = Tool.cli("model-info", "--rows", 8, "--columns", 8, "--slices", 3).requireSuccess("model-info").output().lines()
                        .filter(l -> l.startsWith("weights: ")).findFirst().orElseThrow().split(" ")[1];
                JsonNode synthesis = job.path("synthesis");
                String choice = synthesis.path("choice").asText();
                String expected = switch (choice) {
                    case "three-view" -> "three-view " + version + "+adapt250"; // the default step count names the version
                    case "linear", "cubic" -> choice + " 1";
                    default -> throw new AssertionError("guard choice " + choice + " in " + job);
                };
                assertEquals(expected, job.path("derivedBy").asText(), job.toString());
                for (String estimate : new String[] {"linear", "cubic", "three-view", "three-view+adapt"}) {
                    assertTrue(Double.isFinite(synthesis.path("estimate." + estimate).asDouble(Double.NaN)), estimate + " in " + synthesis);
                }
                for (Path f : received) {
                    var l = Studies.read(f);
                    assertEquals(expected, com.pixelmed.dicom.Attribute.getStringValues(l, com.pixelmed.dicom.TagFromName.SoftwareVersions)[1]);
                    String derivation = Studies.string(l, com.pixelmed.dicom.TagFromName.DerivationDescription);
                    assertTrue(derivation.contains(expected.replace(" ", " v")) && derivation.contains("guard:"), derivation);
                }
                assertTrue(node.get("/q/metrics").body().contains("thinslice_synthesis_choice_total{choice=\"" + choice + "\"} 1.0"),
                        "the guard's choice is counted");
            }
            assertEquals(job.path("derivedSeriesInstanceUid").asText(), Studies.seriesUid(received.get(0)));

            JsonNode byId = Jobs.JSON.readTree(node.get("/api/jobs/" + job.path("id").asText()).body());
            assertEquals("done", byId.path("state").asText());
            assertEquals(404, node.get("/api/jobs/no-such-job").statusCode());

            String metrics = node.get("/q/metrics").body();
            assertTrue(metrics.contains("thinslice_ingest_instances_total{outcome=\"stored\"} 9.0"), metrics);
            assertTrue(metrics.contains("thinslice_ingest_instances_total{outcome=\"duplicate\"} 9.0"), "duplicates counted");
            assertTrue(metrics.contains("thinslice_series_completed_total 1.0"), "series completed counted");
            assertTrue(metrics.contains("thinslice_jobs_finished_total{outcome=\"done\"} 1.0"), "jobs by outcome");
            assertTrue(metrics.contains("thinslice_synthesis_duration_seconds_count{method=\"" + method + "\"} 1"), "synthesis timer");
            assertTrue(metrics.contains("thinslice_export_duration_seconds_count{outcome=\"done\"} 1"), "export timer");
            assertEquals(200, node.get("/q/health").statusCode());
        }
    }

    /**
     * Every transfer syntax the node accepts, one per slice of a signed 16-bit series, at x2: the acquired
     * slices coming back bit-exact shows each was decoded right.
     */
    @Test
    void everyAcceptedTransferSyntaxDecodesBitExact() throws Exception {
        List<Path> thick = Studies.phantom(tmp.resolve("study"), "--pixel-representation", 1, "--factor", 2, "--thin-slices", 11, "--name", "ts");
        assertEquals(6, thick.size());
        Path enc = Files.createDirectories(tmp.resolve("encoded"));
        Map<String, List<String>> encoders = Map.of(
                "jpeg-sv1", List.of("dcmcjpeg", "+e1"),
                "rle", List.of("dcmcrle"),
                "deflate", List.of("dcmconv", "+td"),
                "big-endian", List.of("dcmconv", "+tb"),
                "implicit", List.of("dcmconv", "+ti"));
        Map<String, String> proposal = Map.of("jpeg-sv1", "-xs", "rle", "-xr", "deflate", "-xd", "big-endian", "-xb", "implicit", "-xi");
        Map<String, String> expectedTs = Map.of("jpeg-sv1", "1.2.840.10008.1.2.4.70", "rle", "1.2.840.10008.1.2.5",
                "deflate", "1.2.840.10008.1.2.1.99", "big-endian", "1.2.840.10008.1.2.2", "implicit", "1.2.840.10008.1.2");
        List<String> names = List.of("jpeg-sv1", "rle", "deflate", "big-endian", "implicit");
        try (Storescp pacs = Storescp.start("PACS", Ports.free(), tmp.resolve("pacs"));
             Node node = Node.start(tmp.resolve("node"), "thinslice.export.destinations", pacs.destination(),
                     "thinslice.synthesis.factor", "2", "thinslice.synthesis.method", "linear")) {
            List<String> sopUids = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                Path out = enc.resolve(name + ".dcm");
                List<String> cmd = new ArrayList<>(encoders.get(name));
                cmd.add(thick.get(i).toString());
                cmd.add(out.toString());
                Tool.run(cmd).requireSuccess(name + " encoder");
                Tool.run(Tool.cmd("storescu", proposal.get(name), "-aet", "CTSCANNER", "-aec", Node.AE, "127.0.0.1", node.dicomPort, out))
                        .requireSuccess("storescu " + name);
                sopUids.add(DerivedSeriesAssertions.str(Studies.read(thick.get(i)), com.pixelmed.dicom.TagFromName.SOPInstanceUID));
            }
            // The last slice in the default (explicit VR little endian).
            Tool.storescu("CTSCANNER", Node.AE, node.dicomPort, List.of(thick.get(5))).requireSuccess("storescu explicit");
            String series = Studies.seriesUid(thick.get(0));
            for (int i = 0; i < names.size(); i++) {
                Path spooled = node.storage.resolve("series").resolve(series).resolve(sopUids.get(i) + ".dcm");
                com.pixelmed.dicom.AttributeList meta = new com.pixelmed.dicom.AttributeList();
                meta.readOnlyMetaInformationHeader(spooled.toFile());
                assertEquals(expectedTs.get(names.get(i)), DerivedSeriesAssertions.str(meta, com.pixelmed.dicom.TagFromName.TransferSyntaxUID),
                        names.get(i) + " arrived in its own transfer syntax");
            }
            JsonNode job = Jobs.awaitFinal(node, series, 240);
            assertEquals("done", job.path("state").asText(), job.toString());
            List<Path> received = pacs.awaitFiles(11, 30);
            DerivedSeriesAssertions.check(thick, received, 2);
        }
    }
}

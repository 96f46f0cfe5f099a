package io.thinslice.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DICOMweb against a real peer: Orthanc with its DICOMweb plugin stores a thick series into the node by STOW-RS, the
 * node derives it, Orthanc's DICOMweb client finds the derived series by QIDO-RS and pulls it by WADO-RS. Then bad
 * requests straight to the node, after which everything stored before is still there. The nodes synthesise linearly:
 * DICOMweb is the point here, and the learned method's per-series adaptation would
 * only add time (StoreRoundTripIT runs the default method end to end).
 */
class DicomWebIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path tmp;

    @Test
    void stowQidoAndWadoWithOrthanc() throws Exception {
        List<Path> thick = Studies.phantom(tmp.resolve("study"));
        String source = Studies.seriesUid(thick.get(0));
        String study = Studies.string(Studies.read(thick.get(0)), com.pixelmed.dicom.TagFromName.StudyInstanceUID);
        int nodeHttp = Ports.free();
        int orthancHttp = Ports.free();
        // The node sends what it derives back to Orthanc by STOW-RS.
        try (Node node = Node.start(tmp.resolve("node"), "quarkus.http.port", Integer.toString(nodeHttp), "thinslice.synthesis.method", "linear",
                "thinslice.export.dicomweb", "http://127.0.0.1:" + orthancHttp + "/dicom-web/");
             Orthanc orthanc = Orthanc.start(tmp.resolve("orthanc"), Map.of(), null,
                     Map.of("thinslice", "http://127.0.0.1:" + nodeHttp + "/dicom-web/"), orthancHttp)) {
            Tool.storescu("CTSCANNER", Orthanc.AE, orthanc.dicomPort, thick).requireSuccess("storescu to Orthanc");
            String sourceId = orthancSeriesId(orthanc, source, thick.size());

            // STOW-RS: Orthanc → ThinSlice
            HttpResponse<String> stow = orthanc.post("/dicom-web/servers/thinslice/stow", "{\"Resources\": [\"" + sourceId + "\"]}");
            assertEquals(200, stow.statusCode(), stow.body() + "\n" + Jobs.tail(orthanc.logText()));
            JsonNode job = Jobs.awaitFinal(node, source, 120);
            assertEquals("done", job.path("state").asText(), job.toString());
            assertTrue(job.path("origin").asText().startsWith("STOW-RS "), job.toString());
            assertEquals(thick.size(), job.path("instancesReceived").asInt(), job.toString());
            String derived = job.path("derivedSeriesInstanceUid").asText();
            int derivedCount = job.path("derivedInstances").asInt();

            // STOW-RS: ThinSlice → Orthanc, the derived series is back in the PACS; removed again so that the
            // retrieval below has to bring it
            assertEquals("done", job.path("exports").get(0).path("state").asText(), job.toString());
            String exported = orthancSeriesId(orthanc, derived, derivedCount);
            assertEquals(200, orthanc.delete("/series/" + exported).statusCode());

            // QIDO-RS through Orthanc's client
            HttpResponse<String> qido = orthanc.post("/dicom-web/servers/thinslice/qido",
                    "{\"Uri\": \"/series\", \"Arguments\": {\"SeriesInstanceUID\": \"" + derived + "\"}}");
            assertEquals(200, qido.statusCode(), qido.body());
            // Orthanc's client re-encodes the answer in its own form ("Value" a single string; it drops the IS numbers)
            JsonNode found = Jobs.JSON.readTree(qido.body());
            assertEquals(1, found.size(), found.toString());
            assertEquals(derived, found.get(0).path("0020000E").path("Value").asText(), found.toString());
            assertEquals(study, found.get(0).path("0020000D").path("Value").asText(), found.toString());
            JsonNode direct = Jobs.JSON.readTree(get(node, "/dicom-web/series?SeriesInstanceUID=" + derived, null).body());
            assertEquals(derivedCount, direct.get(0).path("00201209").path("Value").get(0).asInt(), direct.toString());
            // the source is not served (thinslice.dicomweb.serve-sources defaults to false)
            assertEquals("[]", node.get("/dicom-web/series?SeriesInstanceUID=" + source).body());

            // WADO-RS through Orthanc's client: Orthanc then holds the derived series again
            HttpResponse<String> retrieve = orthanc.post("/dicom-web/servers/thinslice/retrieve",
                    "{\"Resources\": [{\"Study\": \"" + study + "\", \"Series\": \"" + derived + "\"}]}");
            assertEquals(200, retrieve.statusCode(), retrieve.body() + "\n" + Jobs.tail(orthanc.logText()));
            orthancSeriesId(orthanc, derived, derivedCount);

            // metadata, frames and rendered, straight from the node
            String seriesUrl = "/dicom-web/studies/" + study + "/series/" + derived;
            HttpResponse<String> meta = get(node, seriesUrl + "/metadata", "application/dicom+json");
            assertEquals(200, meta.statusCode(), meta.body());
            assertTrue(meta.headers().firstValue("Content-Type").orElse("").startsWith("application/dicom+json"));
            JsonNode instances = Jobs.JSON.readTree(meta.body());
            assertEquals(derivedCount, instances.size());
            JsonNode first = instances.get(0);
            first.fieldNames().forEachRemaining(k -> assertTrue(k.matches("[0-9A-F]{8}"), k));
            assertTrue(first.path("00280030").path("Value").get(0).isNumber(), "DS as number: " + first.path("00280030"));
            String bulk = first.path("7FE00010").path("BulkDataURI").asText();
            assertTrue(bulk.contains("/bulkdata/7FE00010"), first.path("7FE00010").toString());
            String sop = first.path("00080018").path("Value").get(0).asText();
            String instanceUrl = seriesUrl + "/instances/" + sop;
            HttpResponse<byte[]> frame = getBytes(node, instanceUrl + "/frames/1", "multipart/related; type=\"application/octet-stream\"");
            assertEquals(200, frame.statusCode());
            assertTrue(frame.headers().firstValue("Content-Type").orElse("").startsWith("multipart/related"));
            int rows = first.path("00280010").path("Value").get(0).asInt();
            int cols = first.path("00280011").path("Value").get(0).asInt();
            assertTrue(frame.body().length > rows * cols * 2, "frame part holds " + rows + "x" + cols + " 16-bit pixels");
            HttpResponse<byte[]> png = getBytes(node, instanceUrl + "/rendered", "image/png");
            assertEquals(200, png.statusCode());
            assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(png.body(), 4));
            HttpResponse<byte[]> jpeg = getBytes(node, instanceUrl + "/rendered", "image/jpeg");
            assertEquals(200, jpeg.statusCode());
            assertEquals("image/jpeg", jpeg.headers().firstValue("Content-Type").orElse(""));

            List<String> spoolBefore = spool(node);
            assertEquals(thick.size(), spoolBefore.size());

            // bad requests straight to the node
            String boundary = "xyz";
            HttpResponse<String> malformed = post(node, "/dicom-web/studies", "multipart/related; type=\"application/dicom\"; boundary=" + boundary,
                    ("--" + boundary + "\r\nContent-Type: application/dicom\r\n\r\nno closing delimiter").getBytes(StandardCharsets.US_ASCII));
            assertEquals(400, malformed.statusCode(), malformed.body());
            assertProblem(malformed);

            HttpResponse<String> notDicom = post(node, "/dicom-web/studies", "multipart/related; type=\"application/dicom\"; boundary=" + boundary,
                    multipart(boundary, "hello, not DICOM".getBytes(StandardCharsets.US_ASCII)));
            assertEquals(409, notDicom.statusCode(), notDicom.body());
            JsonNode failed = Jobs.JSON.readTree(notDicom.body()).path("00081198");
            assertEquals("SQ", failed.path("vr").asText(), notDicom.body());
            assertEquals(0xC000, failed.path("Value").get(0).path("00081197").path("Value").get(0).asInt(), notDicom.body());

            HttpResponse<String> wrongType = post(node, "/dicom-web/studies", "application/json", "{}".getBytes(StandardCharsets.US_ASCII));
            assertEquals(415, wrongType.statusCode(), wrongType.body());
            assertProblem(wrongType);

            HttpResponse<String> unknown = get(node, "/dicom-web/studies/1.2.3.999/metadata", "application/dicom+json");
            assertEquals(404, unknown.statusCode(), unknown.body());
            assertProblem(unknown);
            assertEquals(404, get(node, "/dicom-web/studies/1.2.3.999", null).statusCode());

            HttpResponse<String> unsatisfiable = get(node, seriesUrl, "multipart/related; type=\"application/dicom\"; transfer-syntax=1.2.840.10008.1.2.4.50");
            assertEquals(406, unsatisfiable.statusCode(), unsatisfiable.body());
            assertProblem(unsatisfiable);

            HttpResponse<String> badQuery = get(node, "/dicom-web/studies?NoSuchKey=1", "application/dicom+json");
            assertEquals(400, badQuery.statusCode(), badQuery.body());
            assertProblem(badQuery);

            // a STOW-RS of one part with the node's own client: stored again as a duplicate, 200 with the reference
            HttpResponse<String> again = post(node, "/dicom-web/studies/" + study, "multipart/related; type=\"application/dicom\"; boundary=" + boundary,
                    multipart(boundary, Files.readAllBytes(thick.get(0))));
            assertEquals(200, again.statusCode(), again.body());
            assertEquals(1, Jobs.JSON.readTree(again.body()).path("00081199").path("Value").size(), again.body());

            // nothing already stored is lost
            assertEquals(spoolBefore, spool(node));
            HttpResponse<String> still = get(node, "/dicom-web/studies/" + study + "/series/" + derived + "/instances", "application/dicom+json");
            assertEquals(derivedCount, Jobs.JSON.readTree(still.body()).size());
            assertEquals("done", Jobs.bySeries(node, source).path("state").asText());
            assertTrue(node.isAlive());
        }
    }

    @Test
    void servesReceivedSourcesWhenAskedAndReportsEachPart() throws Exception {
        List<Path> thick = Studies.phantom(tmp.resolve("study"));
        com.pixelmed.dicom.AttributeList first = Studies.read(thick.get(0));
        String study = Studies.string(first, com.pixelmed.dicom.TagFromName.StudyInstanceUID);
        String series = Studies.string(first, com.pixelmed.dicom.TagFromName.SeriesInstanceUID);
        String sop = Studies.string(first, com.pixelmed.dicom.TagFromName.SOPInstanceUID);
        try (Node node = Node.start(tmp.resolve("node"), "thinslice.synthesis.method", "linear",
                "thinslice.dicomweb.serve-sources", "true")) {
            String boundary = "b-" + System.nanoTime();
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (byte[] part : List.of(Files.readAllBytes(thick.get(0)), Files.readAllBytes(thick.get(1)), "not DICOM".getBytes(StandardCharsets.US_ASCII))) {
                body.write(("--" + boundary + "\r\nContent-Type: application/dicom\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                body.write(part);
                body.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
            HttpResponse<String> mixed = post(node, "/dicom-web/studies/" + study, "multipart/related; type=\"application/dicom\"; boundary=" + boundary,
                    body.toByteArray());
            assertEquals(202, mixed.statusCode(), mixed.body());
            JsonNode r = Jobs.JSON.readTree(mixed.body());
            assertEquals(2, r.path("00081199").path("Value").size(), mixed.body());
            assertEquals(1, r.path("00081198").path("Value").size(), mixed.body());
            String retrieveUrl = r.path("00081199").path("Value").get(0).path("00081190").path("Value").get(0).asText();
            assertTrue(retrieveUrl.endsWith("/studies/" + study + "/series/" + series + "/instances/" + sop), mixed.body());

            HttpResponse<String> otherStudy = post(node, "/dicom-web/studies/1.2.3.4", "multipart/related; type=\"application/dicom\"; boundary=" + boundary,
                    multipart(boundary, Files.readAllBytes(thick.get(2))));
            assertEquals(409, otherStudy.statusCode(), otherStudy.body());
            assertEquals(0xA900, Jobs.JSON.readTree(otherStudy.body()).path("00081198").path("Value").get(0).path("00081197").path("Value").get(0).asInt());

            JsonNode found = Jobs.JSON.readTree(get(node, "/dicom-web/studies/" + study + "/series?Modality=CT", null).body());
            assertEquals(1, found.size(), found.toString());
            assertEquals(2, found.get(0).path("00201209").path("Value").get(0).asInt(), found.toString());
            assertEquals(1, Jobs.JSON.readTree(get(node, "/dicom-web/instances?SOPInstanceUID=" + sop, null).body()).size());

            HttpResponse<byte[]> instance = getBytes(node, "/dicom-web/studies/" + study + "/series/" + series + "/instances/" + sop,
                    "multipart/related; type=\"application/dicom\"; transfer-syntax=*");
            assertEquals(200, instance.statusCode());
            String text = new String(instance.body(), StandardCharsets.ISO_8859_1);
            assertTrue(text.contains("Content-Type: application/dicom; transfer-syntax=") && text.contains("DICM"), text.substring(0, 300));
            assertEquals(Files.size(thick.get(0)), (long) instance.body().length - (text.indexOf("\r\n\r\n") + 4) - text.length() + text.lastIndexOf("\r\n--"),
                    "the stored file, unchanged");
        }
    }

    private static void assertProblem(HttpResponse<String> r) throws Exception {
        assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse(""), r.body());
        assertEquals(r.statusCode(), Jobs.JSON.readTree(r.body()).path("status").asInt(), r.body());
    }

    private static byte[] multipart(String boundary, byte[] part) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(("--" + boundary + "\r\nContent-Type: application/dicom\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        b.write(part);
        b.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return b.toByteArray();
    }

    private static List<String> spool(Node node) throws Exception {
        try (Stream<Path> s = Files.walk(node.storage.resolve("series"))) {
            return s.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static HttpRequest.Builder request(Node node, String path, String accept) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort + path)).timeout(Duration.ofSeconds(60));
        if (accept != null) {
            b.header("Accept", accept);
        }
        return b;
    }

    private static HttpResponse<String> get(Node node, String path, String accept) throws Exception {
        return HTTP.send(request(node, path, accept).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<byte[]> getBytes(Node node, String path, String accept) throws Exception {
        return HTTP.send(request(node, path, accept).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static HttpResponse<String> post(Node node, String path, String contentType, byte[] body) throws Exception {
        return HTTP.send(request(node, path, "application/dicom+json").header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Orthanc's id of the series with {@code instances} instances, waiting for them to arrive. */
    private static String orthancSeriesId(Orthanc orthanc, String seriesUid, int instances) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        List<String> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            seen.clear();
            for (JsonNode id : orthanc.json("/series")) {
                JsonNode s = orthanc.json("/series/" + id.asText());
                seen.add(s.path("MainDicomTags").path("SeriesInstanceUID").asText() + " (" + s.path("Instances").size() + ")");
                if (seriesUid.equals(s.path("MainDicomTags").path("SeriesInstanceUID").asText()) && s.path("Instances").size() == instances) {
                    return id.asText();
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("series " + seriesUid + " with " + instances + " instances not in Orthanc; it has " + seen + "\n"
                + Jobs.tail(orthanc.logText()));
    }
}

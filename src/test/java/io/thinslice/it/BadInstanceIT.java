package io.thinslice.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.SpecificCharacterSet;
import com.pixelmed.dicom.TagFromName;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The content half of the bad-input matrix (issue 10, item 8): instances whose bytes or attributes are wrong, odd or
 * extreme, sent by dcmtk {@code storescu}, STOW-RS or hand-made DIMSE. Each case names what the node answers (DICOM
 * status, HTTP status, or the job state and reason), and after each the node still answers C-ECHO and still holds the
 * series it had derived before the first case, file for file.
 */
class BadInstanceIT {


    @TempDir
    static Path tmp;
    private static Node node;
    /** The 9-slice, 64 x 64 phantom every variant starts from. */
    private static List<Path> template;
    private static String keeperSeries;
    private static String keeperDerived;
    private static List<String> keeperFiles;

    @BeforeAll
    static void startNode() throws Exception {
        // x2, not the default x4: the 1000-slice case then writes 1999 derived files instead of 3997.
        node = Node.start(tmp.resolve("node"), "thinslice.synthesis.method", "linear", "thinslice.synthesis.factor", "2",
                "thinslice.series.stable-seconds", "1");
        template = Studies.phantom(tmp.resolve("template"), "--name", "badinstance");
        // Accepted before every bad case: it must stay stored and derived through all of them.
        List<Path> keeper = Crafted.series(template, tmp, "keeper", (l, i) -> { });
        Tool.storescu("CTSCANNER", Node.AE, node.dicomPort, keeper).requireSuccess("storescu keeper");
        keeperSeries = Studies.seriesUid(keeper.get(0));
        JsonNode job = Jobs.awaitFinal(node, keeperSeries, 120);
        assertEquals("done", job.path("state").asText(), job.toString());
        keeperDerived = job.path("derivedSeriesInstanceUid").asText();
        keeperFiles = storedFiles();
        assertEquals(9 + 17, keeperFiles.size(), "9 received and 17 derived instances (x2): " + keeperFiles);
    }

    @AfterAll
    static void stopNode() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    private static List<String> storedFiles() throws IOException {
        return node.seriesFiles(keeperSeries, keeperDerived);
    }

    /** C-ECHO answered; the series derived before the first case still complete; nothing half-written in incoming/. */
    private static void assertStillServing() throws Exception {
        assertTrue(node.isAlive(), "node alive");
        Tool.Result echo = Tool.echoscu("ECHOSCU", Node.AE, node.dicomPort);
        assertEquals(0, echo.exitCode(), "node still answers C-ECHO: " + echo.output() + "\n" + Jobs.tail(node.logText()));
        assertEquals(keeperFiles, storedFiles(), "what was stored before is all still there");
        JsonNode keeper = Jobs.bySeries(node, keeperSeries);
        assertEquals("done", keeper.path("state").asText(), keeper.toString());
        assertEquals(List.of(), incomingLeftovers(), "no partial file left in incoming/");
    }

    private static List<Path> incomingLeftovers() throws IOException {
        Path incoming = node.storage.resolve("incoming");
        if (!Files.isDirectory(incoming)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(incoming)) {
            return s.toList();
        }
    }

    private static List<Path> variant(String name, Crafted.Edit edit) throws Exception {
        return Crafted.series(template, tmp, name, edit);
    }

    /** Sends with storescu (must succeed: every C-STORE answered Success) and waits for the job to end. */
    private static JsonNode sendAndAwait(List<Path> files) throws Exception {
        Tool.storescu("CTSCANNER", Node.AE, node.dicomPort, files).requireSuccess("storescu");
        return Jobs.awaitFinal(node, Studies.seriesUid(files.get(0)), 120);
    }

    private static void assertJob(JsonNode job, String state, String reasonFragment) {
        assertEquals(state, job.path("state").asText(), job.toString());
        if (reasonFragment != null) {
            assertTrue(job.path("reason").asText().contains(reasonFragment), "reason should contain '" + reasonFragment + "': " + job);
        }
    }

    // ---------------------------------------------------------------- transfer syntax and file structure

    @Test
    void transferSyntaxTheNodeCannotDecodeIsRefusedPerPresentationContext() throws Exception {
        Path jpeg = tmp.resolve("jpeg-extended.dcm");
        List<Path> source = variant("jpeg-extended", (l, i) -> { });
        Tool.run(Tool.cmd("dcmcjpeg", "+ee", source.get(0), jpeg)).requireSuccess("dcmcjpeg");
        // The context proposing only JPEG Extended (Process 2 & 4) is rejected: transfer syntaxes not supported (4).
        assertEquals(4, RawDicom.contextResult(node.dicomPort, "1.2.840.10008.1.2.4.51"), "JPEG Extended");
        assertEquals(4, RawDicom.contextResult(node.dicomPort, "1.2.840.10008.1.2.4.90"), "JPEG 2000 lossless");
        assertEquals(0, RawDicom.contextResult(node.dicomPort, "1.2.840.10008.1.2.4.70"), "JPEG Lossless SV1 is accepted");
        Tool.Result r = Tool.storescu("CTSCANNER", Node.AE, node.dicomPort, List.of(jpeg));
        assertNotEquals(0, r.exitCode(), "storescu cannot send it: " + r.output());
        assertNull(Jobs.bySeries(node, Studies.seriesUid(source.get(0))), "nothing stored");
        // STOW-RS: Failure Reason 0xC122 (transfer syntax not supported), HTTP 409.
        HttpResponse<String> stow = Stow.send(node, List.of(Files.readAllBytes(jpeg)));
        assertEquals(409, stow.statusCode(), stow.body());
        assertEquals(0xC122, failureReason(stow), stow.body());
        assertStillServing();
    }

    @Test
    void undecodablePixelDataInAnAcceptedSyntaxFailsTheJob() throws Exception {
        List<Path> plain = variant("bad-jpeg", (l, i) -> { });
        List<Path> jpeg = new ArrayList<>();
        for (Path f : plain) {
            Path out = f.resolveSibling(f.getFileName() + ".jpeg");
            Tool.run(Tool.cmd("dcmcjpeg", f, out)).requireSuccess("dcmcjpeg lossless");
            jpeg.add(out);
        }
        byte[] broken = Files.readAllBytes(jpeg.get(4));
        int soi = indexOf(broken, new byte[] {(byte) 0xFF, (byte) 0xD8}, 300); // the JPEG stream inside the fragment
        for (int i = soi; i < broken.length - 16; i++) {
            broken[i] = (byte) 0x5A; // no JPEG markers left, lengths of the encapsulation unchanged
        }
        Files.write(jpeg.get(4), broken);
        // STOW-RS sends the bytes as they are (storescu would try, and fail, to decode them first).
        List<byte[]> parts = new ArrayList<>();
        for (Path f : jpeg) {
            parts.add(Files.readAllBytes(f));
        }
        HttpResponse<String> r = Stow.send(node, parts);
        assertEquals(200, r.statusCode(), "JPEG Lossless SV1 is accepted; pixels are decoded only when the series is processed: " + r.body());
        JsonNode job = Jobs.awaitFinal(node, Studies.seriesUid(plain.get(0)), 120);
        assertJob(job, "failed", Crafted.uid("bad-jpeg/4") + ".dcm has no readable Pixel Data (absent, cut short or malformed)");
        assertEquals(9, job.path("instancesReceived").asInt());
        assertStillServing();
    }

    @Test
    void declaredLengthPastTheEndOfTheFileFailsTheJob() throws Exception {
        List<Path> files = variant("truncated", (l, i) -> { });
        byte[] whole = Files.readAllBytes(files.get(2));
        byte[] cut = Arrays.copyOf(whole, whole.length - 3000); // Pixel Data declares 8192 bytes; 5192 follow
        Files.write(files.get(2), cut);
        // STOW-RS carries the bytes as they are (storescu would re-encode what it could read).
        List<byte[]> parts = new ArrayList<>();
        for (Path f : files) {
            parts.add(Files.readAllBytes(f));
        }
        HttpResponse<String> r = Stow.send(node, parts);
        assertEquals(200, r.statusCode(), "the header is readable, so every part is stored: " + r.body());
        JsonNode job = Jobs.awaitFinal(node, Studies.seriesUid(files.get(0)), 120);
        // PixelMed drops a Pixel Data value cut short, so the instance reads as one without pixels.
        assertJob(job, "failed", Crafted.uid("truncated/2") + ".dcm has no readable Pixel Data (absent, cut short or malformed)");
        assertEquals(9, job.path("instancesReceived").asInt());
        assertStillServing();
    }

    @Test
    void pixelDataCutShortOverDimseIsStoredAndFailsTheJob() throws Exception {
        List<Path> files = variant("dimse-truncated", (l, i) -> { });
        try (Socket s = RawDicom.associate(node.dicomPort, "RAWSCU")) {
            for (int i = 0; i < files.size(); i++) {
                byte[] dataSet = RawDicom.dataSet(files.get(i));
                if (i == 2) {
                    dataSet = Arrays.copyOf(dataSet, dataSet.length - 3000); // Pixel Data declares 3000 bytes more than follow
                }
                RawDicom.send(s, RawDicom.storeRq(i + 1, Crafted.uid("dimse-truncated/" + i), dataSet));
                RawDicom.Pdu rsp = RawDicom.read(s.getInputStream());
                assertEquals(0, RawDicom.status(rsp), "C-STORE-RSP " + i + ": " + rsp);
            }
            RawDicom.send(s, RawDicom.releaseRq());
            assertEquals(0x06, RawDicom.read(s.getInputStream()).type(), "A-RELEASE-RP");
        }
        JsonNode job = Jobs.awaitFinal(node, Studies.seriesUid(files.get(0)), 120);
        assertJob(job, "failed", Crafted.uid("dimse-truncated/2") + ".dcm has no readable Pixel Data (absent, cut short or malformed)");
        assertStillServing();
    }

    // ---------------------------------------------------------------- pixel data

    @Test
    void missingPixelDataFailsTheJob() throws Exception {
        JsonNode job = sendAndAwait(variant("no-pixels", (l, i) -> {
            if (i == 3) {
                l.remove(TagFromName.PixelData);
            }
        }));
        assertJob(job, "failed", Crafted.uid("no-pixels/3") + ".dcm has no readable Pixel Data (absent, cut short or malformed)");
        assertStillServing();
    }

    @Test
    void pixelDataShorterThanRowsTimesColumnsFailsTheJob() throws Exception {
        JsonNode job = sendAndAwait(variant("short-pixels", (l, i) -> {
            if (i == 5) {
                Crafted.putPixels(l, Arrays.copyOf(Crafted.pixels(l), 64 * 32));
            }
        }));
        assertJob(job, "failed", "instance " + Crafted.uid("short-pixels/5") + " has 2048 pixels, expected 4096");
        assertStillServing();
    }

    @Test
    void zeroPixelSpacingFailsTheJob() throws Exception {
        JsonNode job = sendAndAwait(variant("zero-spacing", (l, i) -> Crafted.put(l, TagFromName.PixelSpacing, "0", "0")));
        assertJob(job, "failed", "has no valid Pixel Spacing");
        assertStillServing();
    }

    @Test
    void negativePixelSpacingFailsTheJob() throws Exception {
        JsonNode job = sendAndAwait(variant("negative-spacing", (l, i) -> Crafted.put(l, TagFromName.PixelSpacing, "-0.5", "-0.5")));
        assertJob(job, "failed", "has no valid Pixel Spacing");
        assertStillServing();
    }

    @Test
    void twoSlicesAtOnePositionFailTheJob() throws Exception {
        JsonNode job = sendAndAwait(variant("same-position", (l, i) -> {
            if (i == 7) {
                double[] p = l.get(TagFromName.ImagePositionPatient).getDoubleValues();
                Crafted.put(l, TagFromName.ImagePositionPatient, fmt(p[0]), fmt(p[1]), fmt(p[2] - 5)); // where slice 6 is
            }
        }));
        assertJob(job, "failed", "two slices share the position");
        assertStillServing();
    }

    @Test
    void varyingRescaleSlopeWithinASeriesIsDerived() throws Exception {
        List<Path> files = variant("slope", (l, i) -> {
            if (i % 2 == 1) {
                // The same HU (to 1 HU) with slope 2: stored values halved, intercept kept.
                short[] p = Crafted.pixels(l);
                for (int k = 0; k < p.length; k++) {
                    p[k] = (short) Math.round(p[k] / 2.0);
                }
                Crafted.putPixels(l, p);
                Crafted.put(l, TagFromName.RescaleSlope, "2");
            }
        });
        JsonNode job = sendAndAwait(files);
        assertJob(job, "done", null);
        assertEquals(17, job.path("derivedInstances").asInt(), job.toString());
        List<Path> derived = Studies.files(node.storage.resolve("derived").resolve(job.path("derivedSeriesInstanceUid").asText()));
        // x2: derived instance 2k is acquired slice k, which keeps its own rescale and stored values.
        for (int k : new int[] {0, 1, 3}) {
            AttributeList d = Studies.read(derived.get(2 * k));
            AttributeList src = Studies.read(files.get(k));
            assertEquals(k % 2 == 1 ? 2.0 : 1.0, d.get(TagFromName.RescaleSlope).getDoubleValues()[0], "slope of acquired slice " + k);
            assertArrayEquals(Crafted.pixels(src), Crafted.pixels(d), "stored values of acquired slice " + k);
        }
        assertStillServing();
    }

    @Test
    void mixedSignedAndUnsignedPixelsFailTheJob() throws Exception {
        JsonNode job = sendAndAwait(variant("mixed-sign", (l, i) -> {
            if (i == 2) {
                Crafted.putInt(l, TagFromName.PixelRepresentation, 1);
            }
        }));
        assertJob(job, "failed", "slices differ in pixel format");
        assertStillServing();
    }

    @Test
    void eightBitPixelsFailTheJob() throws Exception {
        JsonNode job = sendAndAwait(variant("eight-bit", (l, i) -> {
            Crafted.putInt(l, TagFromName.BitsAllocated, 8);
            Crafted.putInt(l, TagFromName.BitsStored, 8);
            Crafted.putInt(l, TagFromName.HighBit, 7);
            Crafted.putBytePixels(l, new byte[64 * 64]);
        }));
        assertJob(job, "failed", "is not a single-frame 16-bit greyscale image (1 frames, 1 samples, 8 bits)");
        assertStillServing();
    }

    @Test
    void thirtyTwoBitPixelsFailTheJob() throws Exception {
        JsonNode job = sendAndAwait(variant("thirty-two-bit", (l, i) -> {
            Crafted.putInt(l, TagFromName.BitsAllocated, 32);
            Crafted.putInt(l, TagFromName.BitsStored, 32);
            Crafted.putInt(l, TagFromName.HighBit, 31);
            Crafted.putPixels(l, new short[64 * 64 * 2]);
        }));
        assertJob(job, "failed", "is not a single-frame 16-bit greyscale image (1 frames, 1 samples, 32 bits)");
        assertStillServing();
    }

    @Test
    void multiFrameCtFailsTheJob() throws Exception {
        JsonNode job = sendAndAwait(variant("multi-frame", (l, i) -> {
            Crafted.putInt(l, TagFromName.NumberOfFrames, 3);
            short[] one = Crafted.pixels(l);
            short[] three = new short[one.length * 3];
            for (int f = 0; f < 3; f++) {
                System.arraycopy(one, 0, three, f * one.length, one.length);
            }
            Crafted.putPixels(l, three);
        }));
        assertJob(job, "failed", "(3 frames, 1 samples, 16 bits)");
        assertStillServing();
    }

    @Test
    void enhancedCtIsRefusedAtAssociationAndByStow() throws Exception {
        List<Path> files = variant("enhanced", (l, i) -> Crafted.put(l, TagFromName.SOPClassUID, "1.2.840.10008.5.1.4.1.1.2.1"));
        Tool.Result r = Tool.storescu("CTSCANNER", Node.AE, node.dicomPort, files.subList(0, 1));
        assertNotEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("No presentation context"), "no context for Enhanced CT: " + r.output());
        HttpResponse<String> stow = Stow.send(node, List.of(Files.readAllBytes(files.get(0))));
        assertEquals(409, stow.statusCode(), stow.body());
        assertEquals(0x0122, failureReason(stow), "SOP class not supported: " + stow.body());
        assertNull(Jobs.bySeries(node, Studies.seriesUid(files.get(0))), "nothing stored");
        assertStillServing();
    }

    // ---------------------------------------------------------------- series shape

    @Test
    void oneSliceSeriesIsIgnoredNotFailed() throws Exception {
        // Too short to derive: thinslice.select.min-slices (3 on the test node) ignores it, so no failure alarm fires.
        JsonNode job = sendAndAwait(variant("one-slice", (l, i) -> { }).subList(0, 1));
        assertJob(job, "ignored", "the series has 1 instance; thinslice.select.min-slices is 3");
        assertStillServing();
    }

    @Test
    void twoSliceSeriesIsIgnoredNotFailed() throws Exception {
        JsonNode job = sendAndAwait(variant("two-slices", (l, i) -> { }).subList(0, 2));
        assertJob(job, "ignored", "the series has 2 instances; thinslice.select.min-slices is 3");
        assertStillServing();
    }

    @Test
    void oneSeriesAcrossTwoStudiesFailsTheJob() throws Exception {
        String other = Crafted.uid("two-studies/other-study");
        JsonNode job = sendAndAwait(variant("two-studies", (l, i) -> {
            if (i >= 5) {
                Crafted.put(l, TagFromName.StudyInstanceUID, other);
            }
        }));
        assertJob(job, "failed", "the series spans more than one study");
        assertTrue(job.path("reason").asText().contains(other), job.toString());
        assertStillServing();
    }

    @Test
    void duplicateSopInstanceUidWithDifferentContentKeepsTheFirstCopy() throws Exception {
        List<Path> files = variant("duplicate", (l, i) -> { });
        JsonNode first = sendAndAwait(files);
        assertJob(first, "done", null);
        String series = Studies.seriesUid(files.get(0));
        Path stored = node.storage.resolve("series").resolve(series).resolve(Crafted.uid("duplicate/4") + ".dcm");
        byte[] before = Files.readAllBytes(stored);
        Path changed = tmp.resolve("duplicate-changed.dcm");
        AttributeList l = Studies.read(files.get(4));
        Crafted.put(l, TagFromName.WindowCenter, "500");
        short[] p = Crafted.pixels(l);
        Arrays.fill(p, (short) 3000);
        Crafted.putPixels(l, p);
        Crafted.write(l, changed);
        Tool.storescu("CTSCANNER", Node.AE, node.dicomPort, List.of(changed)).requireSuccess("a duplicate is answered Success");
        JsonNode job = Jobs.await(node, series, j -> j.path("duplicatesReceived").asInt() == 1, 30);
        assertEquals(9, job.path("instancesReceived").asInt(), job.toString());
        assertEquals("done", job.path("state").asText(), "a duplicate does not reopen the series: " + job);
        assertArrayEquals(before, Files.readAllBytes(stored), "the first copy is kept byte for byte");
        assertStillServing();
    }

    @Test
    void thousandSliceSeriesIsDerived() throws Exception {
        List<Path> tiny = Crafted.series(template.subList(0, 1), tmp, "thousand-template", (l, i) -> Crafted.shrink(l, 4));
        AttributeList base = Studies.read(tiny.get(0));
        double[] p = base.get(TagFromName.ImagePositionPatient).getDoubleValues();
        List<Path> files = new ArrayList<>();
        Path dir = Files.createDirectories(tmp.resolve("thousand"));
        String series = Crafted.uid("thousand/series");
        for (int i = 0; i < 1000; i++) {
            Crafted.put(base, TagFromName.SeriesInstanceUID, series);
            Crafted.put(base, TagFromName.SOPInstanceUID, Crafted.uid("thousand/" + i));
            Crafted.put(base, TagFromName.ImagePositionPatient, fmt(p[0]), fmt(p[1]), fmt(p[2] + i * 5.0));
            Crafted.putInt(base, TagFromName.InstanceNumber, i + 1);
            files.add(Crafted.write(base, dir.resolve(String.format("slice-%04d.dcm", i))));
        }
        Tool.run(Tool.cmd("storescu", "-aet", "CTSCANNER", "-aec", Node.AE, "+sd", "127.0.0.1", node.dicomPort, dir), 300)
                .requireSuccess("storescu 1000 slices");
        JsonNode job = Jobs.awaitFinal(node, series, 300);
        assertJob(job, "done", null);
        assertEquals(1000, job.path("instancesReceived").asInt());
        assertEquals(999 * 2 + 1, job.path("derivedInstances").asInt(), job.toString());
        try (Stream<Path> s = Files.list(node.storage.resolve("derived").resolve(job.path("derivedSeriesInstanceUid").asText()))) {
            assertEquals(1999, s.count(), "every derived instance on disk");
        }
        assertStillServing();
    }

    @Test
    void image4096x4096IsStoredIntactAndJudgedWithTheSeries() throws Exception {
        List<Path> one = Crafted.series(template.subList(0, 1), tmp, "huge", (l, i) -> {
            Crafted.putInt(l, TagFromName.Rows, 4096);
            Crafted.putInt(l, TagFromName.Columns, 4096);
            short[] p = new short[4096 * 4096];
            for (int k = 0; k < p.length; k++) {
                p[k] = (short) (k % 4096);
            }
            Crafted.putPixels(l, p);
        });
        JsonNode job = sendAndAwait(one);
        assertJob(job, "ignored", "the series has 1 instance; thinslice.select.min-slices is 3");
        Path stored = node.storage.resolve("series").resolve(Studies.seriesUid(one.get(0))).resolve(Crafted.uid("huge/0") + ".dcm");
        assertTrue(Arrays.equals(RawDicom.dataSet(one.get(0)), RawDicom.dataSet(stored)), "the data set, 32 MiB of pixels, stored as sent");
        assertStillServing();
    }

    // ---------------------------------------------------------------- text and UIDs

    @Test
    void nonAsciiPatientNamesAreKeptIntactInTheDerivedSeries() throws Exception {
        String[][] cases = {
            {"ISO_IR 100", "Müller^Jürgen", "latin1"},
            {"ISO_IR 192", "Ωμέγα^Ζήτα=山田^太郎", "utf8"},
            {"ISO 2022 IR 87", "Yamada^Tarou=山田^太郎=やまだ^たろう", "jis"},
        };
        for (String[] c : cases) {
            String charset = c[0];
            String expected = c[1];
            boolean jis = charset.startsWith("ISO 2022");
            List<Path> files = variant("charset-" + c[2], (l, i) -> {
                Crafted.put(l, TagFromName.SpecificCharacterSet, jis ? new String[] {"", charset} : new String[] {charset});
                com.pixelmed.dicom.PersonNameAttribute pn = new com.pixelmed.dicom.PersonNameAttribute(TagFromName.PatientName,
                        new SpecificCharacterSet(l.get(TagFromName.SpecificCharacterSet).getStringValues()));
                pn.addValue(jis ? "placeholder" : expected);
                l.put(pn);
            });
            if (jis) {
                // PixelMed cannot encode JIS X 0208, so dcmodify writes the bytes: ESC $ B ... ESC ( B, all 7-bit, as
                // ISO-2022-JP gives them, and the delimiters ^ and = in ASCII as PS3.5 6.1.2.5.3 asks.
                String bytes = new String(expected.getBytes("ISO-2022-JP"), StandardCharsets.ISO_8859_1);
                for (Path f : files) {
                    Tool.run(Tool.cmd("dcmodify", "-nb", "-m", "(0010,0010)=" + bytes, f)).requireSuccess("dcmodify");
                }
            }
            byte[] sourceName = rawPatientName(files.get(0));
            // dcmtk converts through iconv here, which has no ISO 2022 IR 87: that one is decoded by Java.
            assertEquals(expected, jis ? new String(sourceName, "ISO-2022-JP").trim() : dcmdumpPatientName(files.get(0)),
                    "the source name as written (" + charset + ")");
            JsonNode job = sendAndAwait(files);
            assertJob(job, "done", null);
            Path derivedDir = node.storage.resolve("derived").resolve(job.path("derivedSeriesInstanceUid").asText());
            List<Path> derived = Studies.files(derivedDir);
            assertEquals(17, derived.size());
            for (Path d : List.of(derived.get(0), derived.get(9), derived.get(16))) {
                assertArrayEquals(sourceName, rawPatientName(d), "the same bytes as the source (" + charset + ") in " + d.getFileName());
                assertEquals(expected, jis ? new String(rawPatientName(d), "ISO-2022-JP").trim() : dcmdumpPatientName(d),
                        "derived " + d.getFileName() + " (" + charset + ")");
                assertEquals(List.of(), Tool.dciodvfyErrors(d), "dciodvfy finds no error in " + d.getFileName() + " (" + charset + ")");
                assertEquals(List.of(Studies.read(files.get(0)).get(TagFromName.SpecificCharacterSet).getStringValues()),
                        List.of(Studies.read(d).get(TagFromName.SpecificCharacterSet).getStringValues()), "Specific Character Set copied");
            }
        }
        assertStillServing();
    }

    @Test
    void invalidUidsGetCannotUnderstandAndTheAssociationGoesOn() throws Exception {
        List<Path> files = variant("bad-uids", (l, i) -> {
            if (i == 1) {
                Crafted.put(l, TagFromName.SOPInstanceUID, "1.2.abc.3");
            }
            if (i == 2) {
                Crafted.put(l, TagFromName.SeriesInstanceUID, "1.2.840.0123456789012345678901234567890123456789012345678901234567890");
            }
        });
        // -nh: storescu goes on after a failed C-STORE (by default it stops and releases).
        Tool.Result r = Tool.run(Tool.cmd("storescu", "-v", "-nh", "-aet", "CTSCANNER", "-aec", Node.AE, "127.0.0.1", node.dicomPort, files));
        assertEquals(2, countOccurrences(r.output(), "Received Store Response (Error: CannotUnderstand)"),
                "0xC000 for each of the 2 bad instances:\n" + r.output());
        assertEquals(7, countOccurrences(r.output(), "Received Store Response (Success)"), r.output());
        assertTrue(!r.output().contains("Peer aborted"), "the association is not aborted:\n" + r.output());
        JsonNode job = Jobs.awaitFinal(node, Studies.seriesUid(files.get(0)), 120);
        assertEquals(7, job.path("instancesReceived").asInt(), "the 7 good instances after and between them are stored: " + job);
        assertJob(job, "failed", "missing slice");
        assertStillServing();
    }

    // ---------------------------------------------------------------- STOW-RS bodies

    @Test
    void stowBodyWhoseBoundaryNeverEndsIsABadRequest() throws Exception {
        List<Path> files = variant("stow-open", (l, i) -> { });
        String boundary = "never-closed";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Path f : files.subList(0, 3)) {
            body.writeBytes(("--" + boundary + "\r\nContent-Type: application/dicom\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            body.writeBytes(Files.readAllBytes(f));
            body.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        HttpResponse<String> r = Stow.post(node, boundary, HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.body().contains("body ends before the closing multipart delimiter"), r.body());
        // A body of 4 MiB that never contains its boundary at all.
        byte[] noise = new byte[4 << 20];
        new java.util.Random(10).nextBytes(noise);
        HttpResponse<String> r2 = Stow.post(node, "absent-boundary", HttpRequest.BodyPublishers.ofByteArray(noise));
        assertEquals(400, r2.statusCode(), r2.body());
        assertTrue(r2.body().contains("no opening multipart delimiter"), r2.body());
        assertNull(Jobs.bySeries(node, Studies.seriesUid(files.get(0))), "nothing of a malformed body is stored");
        assertStillServing();
    }

    @Test
    void stowSenderThatHangsUpMidBodyLeavesNothing() throws Exception {
        List<Path> files = variant("stow-hangup", (l, i) -> { });
        byte[] part = Files.readAllBytes(files.get(0));
        String head = "POST /dicom-web/studies HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/related; type=\"application/dicom\"; "
                + "boundary=b\r\nContent-Length: 1000000\r\n\r\n--b\r\nContent-Type: application/dicom\r\n\r\n";
        try (Socket s = new Socket("127.0.0.1", node.httpPort)) {
            OutputStream out = s.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(part, 0, part.length / 2);
            out.flush();
        }
        // The node notices the closed connection; the part file it had begun is removed.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!incomingLeftovers().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertNull(Jobs.bySeries(node, Studies.seriesUid(files.get(0))), "nothing stored");
        assertStillServing();
    }

    // ---------------------------------------------------------------- helpers

    private static int failureReason(HttpResponse<String> r) throws Exception {
        return Jobs.JSON.readTree(r.body()).path("00081198").path("Value").get(0).path("00081197").path("Value").get(0).asInt();
    }

    /** The Patient's Name as dcmtk decodes it (to UTF-8), first value. */
    private static String dcmdumpPatientName(Path file) {
        Tool.Result r = Tool.run(Tool.cmd("dcmdump", "+U8", "+P", "PatientName", file), 30).requireSuccess("dcmdump");
        String line = r.output().lines().filter(s -> s.contains("(0010,0010)")).findFirst().orElseThrow(() -> new AssertionError(r.output()));
        return line.substring(line.indexOf('[') + 1, line.lastIndexOf(']'));
    }

    /** The bytes of the Patient's Name value as stored (no decoding at all). */
    private static byte[] rawPatientName(Path file) throws Exception {
        byte[] all = Files.readAllBytes(file);
        // Explicit VR little endian: tag 10 00 10 00, VR "PN", 2-byte length.
        byte[] tag = {0x10, 0x00, 0x10, 0x00, 'P', 'N'};
        int at = indexOf(all, tag, 132);
        int length = (all[at + 6] & 0xff) | (all[at + 7] & 0xff) << 8;
        return Arrays.copyOfRange(all, at + 8, at + 8 + length);
    }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = from; i <= hay.length - needle.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (hay[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("pattern not found");
    }

    private static int countOccurrences(String s, String part) {
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

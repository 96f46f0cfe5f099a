package io.thinslice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.pixelmed.dicom.TagFromName;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A radiologist's view: the derived series, sent by the node's STOW-RS export to Orthanc, opens in Orthanc's web
 * viewer (Debian orthanc-webviewer) in headless Chromium, and the image is drawn: the viewer's canvas holds a
 * grey-level picture, where the same viewer on an unknown series stays black. The screenshots are kept under
 * target/webviewer/ as test artefacts.
 *
 * <p>The node runs the three-view model without adaptation or guard ({@code three-view-fused}: the guard's and
 * adaptation's time would only add to the suite; SeriesProcessorUncertaintyTest covers the guarded path) with
 * {@code thinslice.derive.uncertainty} on, so the second series (the cross-view disagreement) is made too: it arrives in Orthanc beside the derived one, is a valid CT image (dciodvfy),
 * is labelled as not anatomy, references the derived series, and opens in the same viewer.
 */
class WebViewerIT {

    private static final Path ARTEFACTS = Path.of("target", "webviewer");

    @TempDir
    Path tmp;

    @Test
    void derivedAndUncertaintySeriesRenderInOrthancWebViewer() throws Exception {
        List<Path> thick = Studies.phantom(tmp.resolve("study"), "--name", "viewer");
        String source = Studies.seriesUid(thick.get(0));
        try (Orthanc orthanc = Orthanc.start(tmp.resolve("orthanc"), Map.of(), null, Map.of(), Ports.free(), true);
             Node node = Node.start(tmp.resolve("node"), "thinslice.derive.uncertainty", "true",
                     "thinslice.synthesis.method", "three-view-fused",
                     "thinslice.export.dicomweb", "http://127.0.0.1:" + orthanc.httpPort + "/dicom-web/")) {
            Tool.storescu("CTSCANNER", Node.AE, node.dicomPort, thick).requireSuccess("storescu");
            JsonNode job = Jobs.awaitFinal(node, source, 300);
            assertEquals("done", job.path("state").asText(), job.toString());
            String derivedUid = job.path("derivedSeriesInstanceUid").asText();
            String uncertaintyUid = job.path("uncertaintySeriesInstanceUid").asText();
            assertTrue(!uncertaintyUid.isEmpty() && !uncertaintyUid.equals(derivedUid), "the job names the uncertainty series: " + job);
            assertTrue(job.path("synthesis").path("uncertainty").asText().contains(uncertaintyUid), job.toString());
            String orthancSeries = orthancSeriesId(orthanc, derivedUid);
            String orthancUncertainty = orthancSeriesId(orthanc, uncertaintyUid);

            Files.createDirectories(ARTEFACTS);
            Path shot = screenshot(orthanc, orthancSeries, tmp.resolve("derived.png"));
            Files.copy(shot, ARTEFACTS.resolve("derived-series.png"), StandardCopyOption.REPLACE_EXISTING);
            Path blank = screenshot(orthanc, "no-such-series", tmp.resolve("blank.png"));
            Files.copy(blank, ARTEFACTS.resolve("unknown-series.png"), StandardCopyOption.REPLACE_EXISTING);
            Path spread = screenshot(orthanc, orthancUncertainty, tmp.resolve("uncertainty.png"));
            Files.copy(spread, ARTEFACTS.resolve("uncertainty-series.png"), StandardCopyOption.REPLACE_EXISTING);

            Picture derived = Picture.of(shot);
            Picture control = Picture.of(blank);
            assertTrue(control.greyFraction < 0.01, "the viewer on an unknown series draws no picture: " + control);
            assertTrue(derived.greyFraction > 0.10 && derived.greyLevels > 30,
                    "the derived series is drawn (" + derived + "); screenshot kept at " + ARTEFACTS.resolve("derived-series.png"));
            // The viewer opens a series at its first slice, an acquired one, where the disagreement is 0 by definition
            // (black in the series' window): that it opened is in its overlay, drawn only for a loaded image (series
            // description, window 100/50, zoom), which an unknown series lacks.
            int overlay = brightPixelsUnderTheTopLine(spread);
            assertTrue(overlay > 100 && brightPixelsUnderTheTopLine(blank) < 10, "the viewer opened the uncertainty series (overlay pixels "
                    + overlay + "); screenshot kept at " + ARTEFACTS.resolve("uncertainty-series.png"));
            // A synthesised slice, rendered by Orthanc with the series' own window, is a grey-level picture.
            Path rendered = tmp.resolve("uncertainty-rendered.png");
            Files.write(rendered, bytes(orthanc, "/instances/" + synthesisedInstance(orthanc, orthancUncertainty, job.path("factor").asInt())
                    + "/rendered"));
            Files.copy(rendered, ARTEFACTS.resolve("uncertainty-synthesised-slice.png"), StandardCopyOption.REPLACE_EXISTING);
            Picture slice = Picture.whole(rendered);
            assertTrue(slice.greyLevels > 5 && slice.greyFraction > 0.01, "a synthesised uncertainty slice shows its disagreement (" + slice
                    + "); kept at " + ARTEFACTS.resolve("uncertainty-synthesised-slice.png"));

            assertUncertaintySeries(node.storage.resolve("derived"), derivedUid, uncertaintyUid,
                    orthanc.json("/series/" + orthancUncertainty).path("Instances").size(), job.path("factor").asInt());
        }
    }

    /** The second series as the node wrote and exported it: one instance per derived one, labelled, referencing it. */
    private static void assertUncertaintySeries(Path published, String derivedUid, String uncertaintyUid, int inOrthanc, int factor)
            throws Exception {
        List<Path> derived = Studies.files(published.resolve(derivedUid));
        List<Path> spread = Studies.files(published.resolve(uncertaintyUid));
        assertEquals(derived.size(), spread.size(), "one uncertainty instance per derived instance");
        assertEquals(spread.size(), inOrthanc, "every uncertainty instance reached Orthanc");
        Map<Integer, com.pixelmed.dicom.AttributeList> byNumber = new java.util.HashMap<>();
        for (Path d : derived) {
            com.pixelmed.dicom.AttributeList l = Studies.read(d);
            byNumber.put(com.pixelmed.dicom.Attribute.getSingleIntegerValueOrDefault(l, TagFromName.InstanceNumber, -1), l);
        }
        double maxSd = 0;
        for (int i = 0; i < spread.size(); i++) {
            Path f = spread.get(i);
            com.pixelmed.dicom.AttributeList u = Studies.read(f);
            int number = com.pixelmed.dicom.Attribute.getSingleIntegerValueOrDefault(u, TagFromName.InstanceNumber, -1);
            com.pixelmed.dicom.AttributeList d = byNumber.get(number);
            String where = f.getFileName().toString();
            assertEquals(uncertaintyUid, text(u, TagFromName.SeriesInstanceUID), where);
            assertEquals("DERIVED\\SECONDARY\\AXIAL", com.pixelmed.dicom.Attribute.getDelimitedStringValuesOrEmptyString(u, TagFromName.ImageType), where);
            assertTrue(text(u, TagFromName.SeriesDescription).contains("not anatomy"), where + ": " + text(u, TagFromName.SeriesDescription));
            assertTrue(text(u, TagFromName.DerivationDescription).startsWith("Not anatomy"), where);
            assertEquals("50", text(u, TagFromName.WindowCenter), where);
            assertEquals("100", text(u, TagFromName.WindowWidth), where);
            assertEquals(com.pixelmed.dicom.Attribute.getDelimitedStringValuesOrEmptyString(d, TagFromName.ImagePositionPatient),
                    com.pixelmed.dicom.Attribute.getDelimitedStringValuesOrEmptyString(u, TagFromName.ImagePositionPatient), where + ": same position");
            com.pixelmed.dicom.SequenceAttribute image = (com.pixelmed.dicom.SequenceAttribute) u.get(TagFromName.ReferencedImageSequence);
            assertEquals(text(d, TagFromName.SOPInstanceUID), text(image.getItem(0).getAttributeList(), TagFromName.ReferencedSOPInstanceUID),
                    where + ": references the derived instance at its position");
            com.pixelmed.dicom.SequenceAttribute series = (com.pixelmed.dicom.SequenceAttribute) u.get(TagFromName.ReferencedSeriesSequence);
            boolean listsDerived = false;
            for (int k = 0; k < series.getNumberOfItems(); k++) {
                listsDerived |= derivedUid.equals(text(series.getItem(k).getAttributeList(), TagFromName.SeriesInstanceUID));
            }
            assertTrue(listsDerived, where + ": the derived series is in the Referenced Series Sequence");
            double slope = com.pixelmed.dicom.Attribute.getSingleDoubleValueOrDefault(u, TagFromName.RescaleSlope, 1);
            short[] stored = u.get(TagFromName.PixelData).getShortValues();
            int max = 0;
            for (short v : stored) {
                max = Math.max(max, v & 0xffff);
            }
            if (i % factor == 0) {
                assertEquals(0, max, where + ": an acquired slice has no disagreement");
            }
            maxSd = Math.max(maxSd, max * slope);
            // dciodvfy on a few (each call is a process): first, a synthesised one, last
            if (i == 1) {
                Files.copy(f, ARTEFACTS.resolve("uncertainty-instance.dcm"), StandardCopyOption.REPLACE_EXISTING); // for a reader's dciodvfy/dcmdump
            }
            if (i == 0 || i == 1 || i == spread.size() - 1) {
                List<String> errors = Tool.dciodvfyErrors(f);
                assertTrue(errors.isEmpty(), where + ": dciodvfy errors " + errors);
            }
        }
        assertTrue(maxSd > 1, "the synthesised slices carry a disagreement (max " + maxSd + " HU)");
    }

    private static String text(com.pixelmed.dicom.AttributeList l, com.pixelmed.dicom.AttributeTag tag) {
        return com.pixelmed.dicom.Attribute.getSingleStringValueOrEmptyString(l, tag);
    }

    /** Near-white pixels in the band under the viewer's first overlay line, right half: where it names the series. */
    private static int brightPixelsUnderTheTopLine(Path png) throws Exception {
        BufferedImage img = ImageIO.read(png.toFile());
        int bright = 0;
        for (int y = img.getHeight() * 45 / 1000; y < img.getHeight() * 12 / 100; y++) {
            for (int x = img.getWidth() * 40 / 100; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                if (((rgb >> 16) & 0xff) > 200 && ((rgb >> 8) & 0xff) > 200 && (rgb & 0xff) > 200) {
                    bright++;
                }
            }
        }
        return bright;
    }

    /** The Orthanc ID of a synthesised instance near the middle of a series (Instance Number − 1 not a multiple of the factor). */
    private static String synthesisedInstance(Orthanc orthanc, String seriesId, int factor) throws Exception {
        JsonNode instances = orthanc.json("/series/" + seriesId + "/instances");
        int wanted = factor * (instances.size() / factor / 2) + 2;
        for (JsonNode i : instances) {
            if (i.path("MainDicomTags").path("InstanceNumber").asInt() == wanted) {
                return i.path("ID").asText();
            }
        }
        throw new AssertionError("no instance number " + wanted + " in " + instances.size());
    }

    private static byte[] bytes(Orthanc orthanc, String path) throws Exception {
        java.net.http.HttpResponse<byte[]> r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + orthanc.httpPort + path)).build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode(), path);
        return r.body();
    }

    private static Path screenshot(Orthanc orthanc, String seriesId, Path png) {
        String url = "http://127.0.0.1:" + orthanc.httpPort + "/web-viewer/app/viewer.html?series=" + seriesId;
        // Flags from this machine's notes: no background traffic (the network is closed), no sandbox as root.
        Tool.run(Tool.cmd("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + png.resolveSibling(png.getFileName() + ".profile"), "--window-size=1024,768",
                "--virtual-time-budget=20000", "--screenshot=" + png, url), 120).requireSuccess("chromium --screenshot");
        assertTrue(Files.isRegularFile(png), "screenshot written");
        return png;
    }

    private static String orthancSeriesId(Orthanc orthanc, String seriesUid) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (JsonNode id : orthanc.json("/series")) {
                if (seriesUid.equals(orthanc.json("/series/" + id.asText()).path("MainDicomTags").path("SeriesInstanceUID").asText())) {
                    return id.asText();
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("derived series " + seriesUid + " not in Orthanc");
    }

    /** Grey pixels (R = G = B, neither black nor white) in the middle of the page, where the viewer draws the image. */
    private record Picture(double greyFraction, int greyLevels) {
        static Picture of(Path png) throws Exception {
            return of(png, 15, 85);
        }

        static Picture whole(Path png) throws Exception {
            return of(png, 0, 100);
        }

        private static Picture of(Path png, int fromPercent, int toPercent) throws Exception {
            BufferedImage img = ImageIO.read(png.toFile());
            int grey = 0;
            int total = 0;
            Set<Integer> levels = new HashSet<>();
            for (int y = img.getHeight() * fromPercent / 100; y < img.getHeight() * toPercent / 100; y++) {
                for (int x = img.getWidth() * fromPercent / 100; x < img.getWidth() * toPercent / 100; x++) {
                    int rgb = img.getRGB(x, y);
                    int r = (rgb >> 16) & 0xff;
                    int g = (rgb >> 8) & 0xff;
                    int b = rgb & 0xff;
                    total++;
                    if (r == g && g == b && r > 20 && r < 235) {
                        grey++;
                        levels.add(r);
                    }
                }
            }
            return new Picture((double) grey / total, levels.size());
        }
    }
}

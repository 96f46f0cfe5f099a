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
 * <p>The node runs its own method (guarded three-view, the Node helper's 10 adaptation steps) with
 * {@code thinslice.derive.uncertainty} on and a guard margin that always picks the model, so the second series (the
 * cross-view disagreement) is made too: it arrives in Orthanc beside the derived one, is a valid CT image (dciodvfy),
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
                     "thinslice.synthesis.guard-margin", "-1000",
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
            Picture uncertainty = Picture.of(spread);
            assertTrue(uncertainty.greyLevels > 5 && uncertainty.greyFraction > 0.002,
                    "the uncertainty series is drawn (" + uncertainty + "); screenshot kept at " + ARTEFACTS.resolve("uncertainty-series.png"));

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
            BufferedImage img = ImageIO.read(png.toFile());
            int grey = 0;
            int total = 0;
            Set<Integer> levels = new HashSet<>();
            for (int y = img.getHeight() * 15 / 100; y < img.getHeight() * 85 / 100; y++) {
                for (int x = img.getWidth() * 15 / 100; x < img.getWidth() * 85 / 100; x++) {
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

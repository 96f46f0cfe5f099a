package io.thinslice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
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
 * target/webviewer/ as test artefacts. The node synthesises linearly: the viewer is the point here, and the learned
 * method's per-series adaptation would only add time (StoreRoundTripIT runs the default method end to end).
 */
class WebViewerIT {

    private static final Path ARTEFACTS = Path.of("target", "webviewer");

    @TempDir
    Path tmp;

    @Test
    void derivedSeriesRendersInOrthancWebViewer() throws Exception {
        List<Path> thick = Studies.phantom(tmp.resolve("study"), "--name", "viewer");
        String source = Studies.seriesUid(thick.get(0));
        try (Orthanc orthanc = Orthanc.start(tmp.resolve("orthanc"), Map.of(), null, Map.of(), Ports.free(), true);
             Node node = Node.start(tmp.resolve("node"), "thinslice.synthesis.method", "linear",
                     "thinslice.export.dicomweb", "http://127.0.0.1:" + orthanc.httpPort + "/dicom-web/")) {
            Tool.storescu("CTSCANNER", Node.AE, node.dicomPort, thick).requireSuccess("storescu");
            JsonNode job = Jobs.awaitFinal(node, source, 120);
            assertEquals("done", job.path("state").asText(), job.toString());
            String orthancSeries = orthancSeriesId(orthanc, job.path("derivedSeriesInstanceUid").asText());

            Files.createDirectories(ARTEFACTS);
            Path shot = screenshot(orthanc, orthancSeries, tmp.resolve("derived.png"));
            Files.copy(shot, ARTEFACTS.resolve("derived-series.png"), StandardCopyOption.REPLACE_EXISTING);
            Path blank = screenshot(orthanc, "no-such-series", tmp.resolve("blank.png"));
            Files.copy(blank, ARTEFACTS.resolve("unknown-series.png"), StandardCopyOption.REPLACE_EXISTING);

            Picture derived = Picture.of(shot);
            Picture control = Picture.of(blank);
            assertTrue(control.greyFraction < 0.01, "the viewer on an unknown series draws no picture: " + control);
            assertTrue(derived.greyFraction > 0.10 && derived.greyLevels > 30,
                    "the derived series is drawn (" + derived + "); screenshot kept at " + ARTEFACTS.resolve("derived-series.png"));
        }
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

package io.thinslice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input through the real DICOM port: each gets the right DICOM answer or a failed/ignored job with a
 * reason, and after each the node still answers C-ECHO and keeps what it had accepted.
 */
class BadInputIT {

    @TempDir
    static Path tmp;
    private static Node node;

    @BeforeAll
    static void startNode() throws Exception {
        node = Node.start(tmp.resolve("node"), "thinslice.dicom.allowed-callers", "CTSCANNER,ECHOSCU",
                "thinslice.dicom.max-associations", "2", "thinslice.synthesis.method", "linear");
    }

    @AfterAll
    static void stopNode() throws Exception {
        node.close();
    }

    private void assertStillServing() throws Exception {
        assertTrue(node.isAlive(), "node alive");
        Tool.Result echo = Tool.echoscu("ECHOSCU", Node.AE, node.dicomPort);
        assertEquals(0, echo.exitCode(), "node still answers C-ECHO: " + echo.output() + "\n" + Jobs.tail(node.logText()));
    }

    /** A released association frees its slot at once: more sequential associations than slots all succeed. */
    @Test
    void releasedAssociationsFreeTheirSlots() throws Exception {
        for (int i = 0; i < 6; i++) {
            assertStillServing();
        }
    }

    @Test
    void nonDicomBytesGetAnAbortAndTheNodeKeepsServing() throws Exception {
        try (Socket s = new Socket("127.0.0.1", node.dicomPort)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: thinslice\r\nUser-Agent: test\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] reply = in.readNBytes(10);
            assertEquals(10, reply.length, "an A-ABORT PDU");
            assertEquals(0x07, reply[0], "PDU type A-ABORT: " + java.util.Arrays.toString(reply));
            assertEquals(2, reply[8], "source: service provider");
            assertEquals(-1, in.read(), "then the connection is closed");
        }
        try (Socket s = new Socket("127.0.0.1", node.dicomPort)) {
            s.getOutputStream().write(new byte[] {1, 2, 3}); // too short for any PDU, then hang up
        }
        assertStillServing();
    }

    @Test
    void unknownCallingAeIsRejected() throws Exception {
        List<Path> thick = Studies.phantom(tmp.resolve("allow"), "--name", "allow");
        Tool.Result r = Tool.storescu("STRANGER", Node.AE, node.dicomPort, thick);
        assertNotEquals(0, r.exitCode(), "storescu from an unknown AE fails");
        assertTrue(r.output().contains("Association Rejected") || r.output().contains("Calling AE Title Not Recognized"), r.output());
        assertTrue(r.output().toLowerCase().contains("calling ae title not recognized"), "reason reported to the caller: " + r.output());
        assertEquals(null, Jobs.bySeries(node, Studies.seriesUid(thick.get(0))), "nothing stored from the stranger");
        assertNotEquals(0, Tool.echoscu("STRANGER", Node.AE, node.dicomPort).exitCode(), "C-ECHO rejected too");
        assertStillServing();
    }

    @Test
    void wrongCalledAeIsRejected() throws Exception {
        Tool.Result r = Tool.echoscu("ECHOSCU", "NOTTHINSLICE", node.dicomPort);
        assertNotEquals(0, r.exitCode(), r.output());
        assertStillServing();
    }

    @Test
    void mrStorageSopClassIsRefusedAtAssociation() throws Exception {
        List<Path> thick = Studies.phantom(tmp.resolve("mrclass"), "--name", "mrclass");
        Path mr = tmp.resolve("mr.dcm");
        Files.copy(thick.get(0), mr);
        Tool.run(Tool.cmd("dcmodify", "-nb", "-m", "(0008,0016)=1.2.840.10008.5.1.4.1.1.4",
                "-m", "(0008,0060)=MR", mr)).requireSuccess("dcmodify");
        Tool.Result r = Tool.storescu("CTSCANNER", Node.AE, node.dicomPort, List.of(mr));
        assertNotEquals(0, r.exitCode(), "MR Image Storage is not accepted: " + r.output());
        assertTrue(r.output().contains("No presentation context") || r.output().contains("No Acceptable Presentation Contexts"), r.output());
        assertStillServing();
    }

    @Test
    void mrModalityInCtObjectsIsIgnoredWithReason() throws Exception {
        List<Path> thick = copies(Studies.phantom(tmp.resolve("mrmod"), "--name", "mrmod"), tmp.resolve("mrmod-edit"));
        for (Path f : thick) {
            Tool.run(Tool.cmd("dcmodify", "-nb", "-m", "(0008,0060)=MR", f)).requireSuccess("dcmodify");
        }
        Tool.storescu("CTSCANNER", Node.AE, node.dicomPort, thick).requireSuccess("storescu");
        JsonNode job = Jobs.awaitFinal(node, Studies.seriesUid(thick.get(0)), 60);
        assertEquals("ignored", job.path("state").asText(), job.toString());
        assertTrue(job.path("reason").asText().contains("MR"), job.toString());
        assertStillServing();
    }

    @Test
    void missingSliceFailsWithThePosition() throws Exception {
        List<Path> thick = new ArrayList<>(Studies.phantom(tmp.resolve("gap"), "--name", "gap"));
        Path removed = thick.remove(4); // slice 5 of 9: 20 mm from the first at 5 mm spacing
        Tool.storescu("CTSCANNER", Node.AE, node.dicomPort, thick).requireSuccess("storescu");
        JsonNode job = Jobs.awaitFinal(node, Studies.seriesUid(thick.get(0)), 60);
        assertEquals("failed", job.path("state").asText(), job.toString());
        double[] p = DerivedSeriesAssertions.doubles(Studies.read(removed), com.pixelmed.dicom.TagFromName.ImagePositionPatient);
        String expected = String.format(java.util.Locale.ROOT, "missing slice at %.3f", p[2]);
        assertTrue(job.path("reason").asText().contains(expected), "reason names the position " + expected + ": " + job);
        assertEquals(8, job.path("instancesReceived").asInt(), "what was accepted is kept");
        assertEquals(8, Files.list(node.storage.resolve("series").resolve(Studies.seriesUid(thick.get(0)))).count());
        assertStillServing();
    }

    @Test
    void twoOrientationsFail() throws Exception {
        List<Path> thick = copies(Studies.phantom(tmp.resolve("orient"), "--name", "orient"), tmp.resolve("orient-edit"));
        Tool.run(Tool.cmd("dcmodify", "-nb", "-m", "(0020,0037)=0\\1\\0\\0\\0\\-1", thick.get(3))).requireSuccess("dcmodify");
        Tool.storescu("CTSCANNER", Node.AE, node.dicomPort, thick).requireSuccess("storescu");
        JsonNode job = Jobs.awaitFinal(node, Studies.seriesUid(thick.get(0)), 60);
        assertEquals("failed", job.path("state").asText(), job.toString());
        assertTrue(job.path("reason").asText().contains("more than one Image Orientation"), job.toString());
        assertStillServing();
    }

    @Test
    void gantryTiltIsRefusedWithReason() throws Exception {
        List<Path> thick = copies(Studies.phantom(tmp.resolve("tilt"), "--name", "tilt"), tmp.resolve("tilt-edit"));
        for (int i = 0; i < thick.size(); i++) {
            double[] p = DerivedSeriesAssertions.doubles(Studies.read(thick.get(i)), com.pixelmed.dicom.TagFromName.ImagePositionPatient);
            String shifted = p[0] + "\\" + (p[1] + i * 1.0) + "\\" + p[2]; // positions step off the normal: a tilted gantry
            Tool.run(Tool.cmd("dcmodify", "-nb", "-m", "(0020,0032)=" + shifted, thick.get(i))).requireSuccess("dcmodify");
        }
        Tool.storescu("CTSCANNER", Node.AE, node.dicomPort, thick).requireSuccess("storescu");
        JsonNode job = Jobs.awaitFinal(node, Studies.seriesUid(thick.get(0)), 60);
        assertEquals("failed", job.path("state").asText(), job.toString());
        assertTrue(job.path("reason").asText().contains("gantry tilt"), job.toString());
        assertStillServing();
    }

    private static List<Path> copies(List<Path> files, Path dir) throws Exception {
        Files.createDirectories(dir);
        List<Path> out = new ArrayList<>();
        for (Path f : files) {
            out.add(Files.copy(f, dir.resolve(f.getFileName())));
        }
        return out;
    }
}

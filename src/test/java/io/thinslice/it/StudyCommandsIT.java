package io.thinslice.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test-study commands of the packaged jar: valid DICOM, thick slices equal to their thin truth, deterministic. */
class StudyCommandsIT {

    @TempDir
    Path tmp;

    @Test
    void craniumDemoWritesAThickSeriesDecimatedFromTheRealThinTruth() throws Exception {
        Tool.cli("cranium-demo", "--out", tmp.resolve("cranium"), "--factor", 4).requireSuccess("cranium-demo");
        List<Path> thick = Studies.files(tmp.resolve("cranium/thick"));
        List<Path> thin = Studies.files(tmp.resolve("cranium/thin"));
        // 108 slices of 1.5 mm; whole steps of 4 only: 105 thin, 27 thick at 6 mm.
        assertEquals(105, thin.size());
        assertEquals(27, thick.size());
        for (int k : new int[] {0, 13, 26}) {
            AttributeList t = Studies.read(thick.get(k));
            AttributeList truth = Studies.read(thin.get(4 * k));
            assertArrayEquals(pixels(truth), pixels(t), "thick slice " + k + " is thin slice " + 4 * k);
            assertEquals(Studies.string(truth, TagFromName.ImagePositionPatient), Studies.string(t, TagFromName.ImagePositionPatient));
        }
        assertNotEquals(Studies.seriesUid(thick.get(0)), Studies.seriesUid(thin.get(0)), "thick and truth are two series");
        assertEquals(List.of(), Tool.dciodvfyErrors(thick.get(0)), "dciodvfy on a thick instance");
        assertEquals(List.of(), Tool.dciodvfyErrors(thin.get(50)), "dciodvfy on a thin instance");
    }

    @Test
    void phantomIsDeterministicForOneSeedAndDiffersForAnother() throws Exception {
        List<Path> a = Studies.phantomByCommand(tmp.resolve("a"), "--seed", 7);
        List<Path> b = Studies.phantomByCommand(tmp.resolve("b"), "--seed", 7);
        List<Path> c = Studies.phantomByCommand(tmp.resolve("c"), "--seed", 8);
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(pixels(Studies.read(a.get(i))), pixels(Studies.read(b.get(i))), "slice " + i);
        }
        assertTrue(!java.util.Arrays.equals(pixels(Studies.read(a.get(1))), pixels(Studies.read(c.get(1)))), "another seed, other noise");
        // The other tests' studies are written by the same code run inside the test JVM: the same files, byte for byte.
        List<Path> inProcess = Studies.phantomInProcess(tmp.resolve("in-process"), "--seed", 7);
        assertEquals(a.stream().map(p -> p.getFileName().toString()).toList(), inProcess.stream().map(p -> p.getFileName().toString()).toList());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(java.nio.file.Files.readAllBytes(a.get(i)), java.nio.file.Files.readAllBytes(inProcess.get(i)),
                    "in-process slice " + i + " is the command's");
        }
        List<Path> thinA = Studies.files(tmp.resolve("a/thin"));
        List<Path> thinIn = Studies.files(tmp.resolve("in-process/thin"));
        assertEquals(thinA.size(), thinIn.size());
        for (int i = 0; i < thinA.size(); i++) {
            assertArrayEquals(java.nio.file.Files.readAllBytes(thinA.get(i)), java.nio.file.Files.readAllBytes(thinIn.get(i)),
                    "in-process thin slice " + i + " is the command's");
        }
        assertEquals(List.of(), Tool.dciodvfyErrors(a.get(0)), "dciodvfy on a phantom instance");
    }

    private static short[] pixels(AttributeList list) throws Exception {
        return list.getPixelData().getShortValues();
    }
}

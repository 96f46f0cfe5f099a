package io.thinslice.studies;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.thinslice.volume.Volume;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Needs Debian's invesalius-examples package (the Cranium demo project); skipped where it is not installed. */
class CraniumStudyTest {

    private static Volume cranium;

    @TempDir
    Path tmp;

    @BeforeAll
    static void readOnce() throws IOException {
        assumeTrue(Files.isReadable(CraniumStudy.DEFAULT_FILE), "invesalius-examples not installed");
        cranium = CraniumStudy.read(CraniumStudy.DEFAULT_FILE);
    }

    @Test
    void shapeAndSpacingComeFromMainPlist() {
        assertEquals(108, cranium.slices());
        assertEquals(256, cranium.rows());
        assertEquals(256, cranium.columns());
        assertEquals(0.95703125, cranium.geometry().rowSpacing(), 1e-6);
        assertEquals(0.95703125, cranium.geometry().columnSpacing(), 1e-6);
        assertEquals(1.5, cranium.geometry().sliceSpacing(), 1e-12);
        assertArrayEquals(new double[] {1, 0, 0}, cranium.geometry().rowDirection());
        assertArrayEquals(new double[] {0, 1, 0}, cranium.geometry().columnDirection());
    }

    @Test
    void valuesArePlausibleHu() {
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        int air = 0;
        int bone = 0;
        int soft = 0;
        for (float f : cranium.voxels()) {
            min = Math.min(min, f);
            max = Math.max(max, f);
            if (f < -900) {
                air++;
            } else if (f > 300) {
                bone++;
            } else if (f > 0 && f < 80) {
                soft++;
            }
        }
        int n = cranium.voxels().length;
        assertTrue(min >= -1024 && min < -950, "min " + min);
        assertTrue(max > 1500 && max <= 3071, "max " + max);
        assertTrue(air > 0.2 * n, "air fraction");
        assertTrue(bone > 0.01 * n, "bone fraction");
        assertTrue(soft > 0.1 * n, "soft tissue/brain fraction");
        // the very corner is air
        assertTrue(cranium.at(54, 0, 0) < -900);
    }

    @Test
    void rowsRunFromFrontToBack() {
        // A mid-skull slice: the head rest (a thin bright arc) lies behind the head, i.e. in the last rows.
        int slice = 70;
        int frontBone = 0;
        int backBone = 0;
        for (int r = 0; r < 256; r++) {
            for (int c = 0; c < 256; c++) {
                if (cranium.at(slice, r, c) > 300) {
                    if (r < 40) {
                        frontBone++;
                    } else if (r >= 216) {
                        backBone++;
                    }
                }
            }
        }
        assertTrue(backBone > frontBone, "front " + frontBone + " back " + backBone);
    }

    @Test
    void truncatedFileGivesIoException() throws IOException {
        byte[] all = Files.readAllBytes(CraniumStudy.DEFAULT_FILE);
        for (int length : new int[] {all.length / 2, all.length - 1000, 2000, 10}) {
            Path cut = tmp.resolve("cut-" + length + ".inv3");
            try (OutputStream out = Files.newOutputStream(cut)) {
                out.write(all, 0, length);
            }
            IOException e = assertThrows(IOException.class, () -> CraniumStudy.read(cut), "length " + length);
            assertTrue(e.getMessage().contains(cut.toString()), e.getMessage());
        }
    }

    @Test
    void notAnInv3FileGivesIoException() throws IOException {
        Path text = tmp.resolve("plain.inv3");
        Files.writeString(text, "hello, not gzip at all");
        assertThrows(IOException.class, () -> CraniumStudy.read(text));

        Path garbage = tmp.resolve("garbage.inv3");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(garbage))) {
            out.write("this is no tar archive ".repeat(100).getBytes(StandardCharsets.US_ASCII));
        }
        IOException e = assertThrows(IOException.class, () -> CraniumStudy.read(garbage));
        assertTrue(e.getMessage().contains("tar"), e.getMessage());

        assertThrows(IOException.class, () -> CraniumStudy.read(tmp.resolve("missing.inv3")));
    }

    @Test
    void archiveWithoutMatrixGivesIoException() throws IOException {
        // keep only the first entry (main.plist) of the real archive, then end the tar
        byte[] firstEntry;
        try (InputStream in = new java.util.zip.GZIPInputStream(Files.newInputStream(CraniumStudy.DEFAULT_FILE))) {
            byte[] header = in.readNBytes(512);
            long size = Long.parseLong(new String(header, 124, 11, StandardCharsets.US_ASCII).trim(), 8);
            int padded = (int) ((size + 511) / 512 * 512);
            firstEntry = new byte[512 + padded];
            System.arraycopy(header, 0, firstEntry, 0, 512);
            System.arraycopy(in.readNBytes(padded), 0, firstEntry, 512, padded);
        }
        Path plistOnly = tmp.resolve("plist-only.inv3");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(plistOnly))) {
            out.write(firstEntry);
            out.write(new byte[1024]);
        }
        IOException e = assertThrows(IOException.class, () -> CraniumStudy.read(plistOnly));
        assertTrue(e.getMessage().contains("matrix.dat"), e.getMessage());
    }
}

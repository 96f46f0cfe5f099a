package io.thinslice.studies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TextureFieldTest {

    @Test
    void samePlaceGivesTheSameValueOnAnyGrid() {
        // Pixel c of a 0.4 mm grid and pixel 2c of a 0.2 mm grid lie at the same mm position (both centred).
        TextureField t = new TextureField(17, 0.2, 0.2);
        SlicePainter coarse = new SlicePainter(40, 64, 0.4);
        SlicePainter fine = new SlicePainter(79, 127, 0.2);
        coarse.begin(3.7);
        fine.begin(3.7);
        double[] a = new double[40 * 64];
        double[] b = new double[79 * 127];
        for (boolean ridged : new boolean[] {false, true}) {
            if (ridged) {
                t.ridged(coarse, a);
                t.ridged(fine, b);
            } else {
                t.smooth(coarse, a);
                t.smooth(fine, b);
            }
            for (int r = 0; r < 40; r++) {
                for (int c = 0; c < 64; c++) {
                    assertEquals(a[r * 64 + c], b[2 * r * 127 + 2 * c], 1e-9, "ridged " + ridged + " at " + r + "," + c);
                }
            }
        }
    }

    @Test
    void fieldsHaveZeroMeanAndUnitSpreadWhenResolved() {
        TextureField t = new TextureField(3, 0.3, 0.3);
        SlicePainter p = new SlicePainter(200, 200, 0.3);
        double[] s = new double[200 * 200];
        double[] r = new double[200 * 200];
        double[] sums = new double[4];
        long n = 0;
        for (int k = 0; k < 30; k++) {
            p.begin(k * 11.3);
            t.smooth(p, s);
            t.ridged(p, r);
            for (int i = 0; i < s.length; i++) {
                sums[0] += s[i];
                sums[1] += s[i] * s[i];
                sums[2] += r[i];
                sums[3] += r[i] * r[i];
                n++;
            }
        }
        double ms = sums[0] / n;
        double mr = sums[2] / n;
        assertEquals(0, ms, 0.25);
        assertEquals(1, Math.sqrt(sums[1] / n - ms * ms), 0.15);
        assertEquals(0, mr, 0.1);
        assertEquals(1, Math.sqrt(sums[3] / n - mr * mr), 0.1);
    }

    @Test
    void detailFinerThanTheSamplingFades() {
        // At 3 mm pixels and 3 mm slices the 1.2 and 2.4 mm octaves of the trabecular field cannot be resolved.
        TextureField t = new TextureField(3, 3, 3);
        SlicePainter p = new SlicePainter(64, 64, 3);
        p.begin(0);
        double[] r = new double[64 * 64];
        t.ridged(p, r);
        for (double v : r) {
            assertEquals(0, v, 1e-12);
        }
        double[] s = new double[64 * 64];
        t.smooth(p, s);
        double max = 0;
        for (double v : s) {
            max = Math.max(max, Math.abs(v));
        }
        assertTrue(max > 0.3, "the 18 and 7 mm octaves stay: " + max);
    }
}

package io.thinslice.studies;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thinslice.volume.Volume;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PhantomGeneratorTest {

    private static final PhantomSpec SMALL = PhantomSpec.small();

    @Test
    void smallSpecIsAsDocumented() {
        assertEquals(new PhantomSpec(64, 64, 33, 1.5, 1.25, 42L), SMALL);
    }

    @Test
    void shapeAndGeometryFollowTheSpec() {
        Volume v = PhantomGenerator.thin(SMALL);
        assertEquals(33, v.slices());
        assertEquals(64, v.rows());
        assertEquals(64, v.columns());
        assertEquals(1.5, v.geometry().rowSpacing());
        assertEquals(1.5, v.geometry().columnSpacing());
        assertEquals(1.25, v.geometry().sliceSpacing());
        assertArrayEquals(new double[] {0, 0, 1}, v.geometry().normal(), 1e-12);
        // centred on the origin
        double[] first = v.geometry().origin();
        double[] last = v.geometry().positionOf(32);
        assertEquals(0, first[0] + 63 * 1.5 / 2, 1e-9);
        assertEquals(0, first[1] + 63 * 1.5 / 2, 1e-9);
        assertEquals(0, first[2] + last[2], 1e-9);
    }

    @Test
    void sameSpecGivesBitIdenticalVoxels() {
        Volume a = PhantomGenerator.thin(SMALL);
        Volume b = PhantomGenerator.thin(new PhantomSpec(64, 64, 33, 1.5, 1.25, 42L));
        assertArrayEquals(a.voxels(), b.voxels());
        assertEquals(a.geometry(), b.geometry());
    }

    @Test
    void otherSeedGivesOtherVoxels() {
        Volume a = PhantomGenerator.thin(SMALL);
        Volume b = PhantomGenerator.thin(SMALL.withSeed(43));
        assertFalse(Arrays.equals(a.voxels(), b.voxels()));
        // but the same body: the mean differs by far less than the tissue contrasts
        assertEquals(mean(a.voxels()), mean(b.voxels()), 20);
    }

    @Test
    void valuesStayInTheCtRange() {
        for (Volume v : new Volume[] {PhantomGenerator.thin(SMALL),
                PhantomGenerator.thin(new PhantomSpec(96, 80, 7, 0.7, 3.0, 5))}) {
            for (float f : v.voxels()) {
                assertTrue(f >= -1024 && f <= 3071, "value out of range: " + f);
            }
        }
    }

    @Test
    void theFiveTissueClassesArePresent() {
        float[] x = PhantomGenerator.thin(SMALL).voxels();
        assertTrue(fraction(x, -1100, -950) > 0.30, "air");
        assertTrue(fraction(x, -900, -780) > 0.03, "lung");
        assertTrue(fraction(x, -140, -60) > 0.02, "fat");
        assertTrue(fraction(x, 10, 70) > 0.10, "soft tissue");
        assertTrue(fraction(x, 300, 3072) > 0.01, "bone");
        // cortical bone brighter than marrow, both present
        assertTrue(fraction(x, 1100, 3072) > 0.001, "cortical bone");
        assertTrue(fraction(x, 400, 500) > 0.001, "marrow");
        // contrast-filled vessels
        assertTrue(fraction(x, 150, 250) > 0.002, "vessels");
    }

    @Test
    void noiseIsAboutTenHu() {
        Volume v = PhantomGenerator.thin(SMALL);
        double sum = 0;
        double sum2 = 0;
        int count = 0;
        for (int s = 0; s < v.slices(); s++) {
            for (int r = 0; r < 6; r++) {
                for (int c = 0; c < 6; c++) {
                    double d = v.at(s, r, c) + 1000; // air corner
                    sum += d;
                    sum2 += d * d;
                    count++;
                }
            }
        }
        double m = sum / count;
        double sigma = Math.sqrt(sum2 / count - m * m);
        assertEquals(0, m, 2);
        assertTrue(sigma > 8 && sigma < 12, "noise sigma " + sigma);
    }

    @Test
    void slicesDifferClearlyAlongZ() {
        Volume v = PhantomGenerator.thin(SMALL);
        int first = count(v.slice(0), -900, -780);
        int middle = count(v.slice(12), -900, -780);
        int last = count(v.slice(32), -900, -780);
        assertTrue(middle > 1.3 * last && middle > 1.2 * first, "lungs should change size: " + first + ", " + middle + ", " + last);
        // neighbouring thin slices are similar but not equal beyond noise
        double neighbours = meanAbsDiff(v.slice(16), v.slice(17));
        double far = meanAbsDiff(v.slice(0), v.slice(32));
        assertTrue(far > 2 * neighbours, "far slices should differ more than neighbours: " + far + " vs " + neighbours);
        // some structure shows up in only a few thin slices (the tilted plate): bright column in the front only
        int slicesWithPlate = 0;
        for (int s = 0; s < v.slices(); s++) {
            if (count(v.slice(s), 1700, 3072) > 0) {
                slicesWithPlate++;
            }
        }
        assertTrue(slicesWithPlate > 0 && slicesWithPlate < v.slices() / 2, "plate in " + slicesWithPlate + " slices");
    }

    @Test
    void largerSpecsWork() {
        Volume v = PhantomGenerator.thin(new PhantomSpec(256, 256, 100, 1.5, 1.25, 1));
        assertEquals(256 * 256 * 100, v.voxels().length);
        assertTrue(fraction(v.voxels(), 300, 3072) > 0.005);
    }

    @Test
    void invalidSpecsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new PhantomSpec(4, 64, 33, 1.5, 1.25, 1));
        assertThrows(IllegalArgumentException.class, () -> new PhantomSpec(64, 64, 0, 1.5, 1.25, 1));
        assertThrows(IllegalArgumentException.class, () -> new PhantomSpec(64, 64, 33, 0, 1.25, 1));
        assertThrows(IllegalArgumentException.class, () -> new PhantomSpec(64, 64, 33, 1.5, Double.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> new PhantomSpec(64, 64, 33, Double.POSITIVE_INFINITY, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new PhantomSpec(50_000, 50_000, 10, 1, 1, 1));
    }

    private static double mean(float[] x) {
        double s = 0;
        for (float f : x) {
            s += f;
        }
        return s / x.length;
    }

    private static int count(float[] x, double lo, double hi) {
        int c = 0;
        for (float f : x) {
            if (f >= lo && f < hi) {
                c++;
            }
        }
        return c;
    }

    private static double fraction(float[] x, double lo, double hi) {
        return count(x, lo, hi) / (double) x.length;
    }

    private static double meanAbsDiff(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += Math.abs(a[i] - b[i]);
        }
        return s / a.length;
    }
}

package io.thinslice.synthesis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thinslice.studies.PhantomGenerator;
import io.thinslice.studies.PhantomSpec;
import io.thinslice.volume.Geometry;
import io.thinslice.volume.ThickSimulation;
import io.thinslice.volume.Volume;
import org.junit.jupiter.api.Test;

/** The per-series check at the target scale. */
class InPlaneCheckTest {

    @Test
    void heldOutSlicesAreEveryFourthFromTheSecondAndTheRestTrain() {
        assertArrayEquals(new int[] {1, 5, 9}, InPlaneCheck.heldOutSlices(10));
        assertArrayEquals(new int[] {0, 2, 3, 4, 6, 7, 8}, InPlaneCheck.trainingSlices(9));
        assertArrayEquals(new int[] {1}, InPlaneCheck.heldOutSlices(3));
        int[] big = InPlaneCheck.heldOutSlices(60);
        assertEquals(8, big.length, "at most 8, spread over the series");
        assertTrue(big[0] < 8 && big[7] > 50, java.util.Arrays.toString(big));
        assertEquals(52, InPlaneCheck.trainingSlices(60).length);
    }

    @Test
    void aLinearProfileIsRestoredExactlyByLinearInterpolation() {
        // Linear along both in-plane axes: linear interpolation of decimated samples is exact, cubic too (it reproduces
        // linear functions), so both score far above anything real.
        float[] v = new float[5 * 96 * 80];
        for (int k = 0; k < 5; k++) {
            for (int y = 0; y < 96; y++) {
                for (int x = 0; x < 80; x++) {
                    v[(k * 96 + y) * 80 + x] = -300 + 4 * y + 3 * x;
                }
            }
        }
        Volume thick = new Volume(v, 5, 96, 80, Geometry.axial(new double[3], 0.8, 5));
        InPlaneCheck check = InPlaneCheck.of(thick, 4, ThickSimulation.Mode.DECIMATE).orElseThrow();
        assertTrue(check.psnr(new LinearInterpolator()) > 80, "exact up to float rounding");
        assertTrue(check.describe().startsWith("1 held-out slices x 2 axes at 1.25 mm, decimate"), check.describe());
    }

    @Test
    void onAPhantomTheCheckRanksCubicAboveLinearForSlabs() {
        Volume thin = PhantomGenerator.thin(new PhantomSpec(96, 96, 41, 1.0, 1.25, 3L));
        ThickSimulation.Case c = ThickSimulation.simulate(thin, ThickSimulation.Mode.SLAB, 4);
        InPlaneCheck check = InPlaneCheck.of(c.thick(), 4, ThickSimulation.Mode.SLAB).orElseThrow();
        double linear = check.psnr(new LinearInterpolator());
        double cubic = check.psnr(new CubicInterpolator());
        assertTrue(Double.isFinite(linear) && Double.isFinite(cubic));
        assertEquals(linear, check.psnr(new LinearInterpolator()), 0, "deterministic");
        assertTrue(cubic > linear, "cubic " + cubic + " vs linear " + linear);
    }

    @Test
    void slicesWiderThanTheWindowAreScoredOnTheirCentre() {
        float[] v = new float[2 * 300 * 280];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        Volume vol = new Volume(v, 2, 300, 280, Geometry.axial(new double[3], 0.5, 5));
        Volume w = InPlaneCheck.centralWindow(vol, new int[] {1}, 256);
        assertEquals(1, w.slices());
        assertEquals(256, w.rows());
        assertEquals(256, w.columns());
        // slice 1, row (300 - 256) / 2 = 22, column (280 - 256) / 2 = 12
        assertEquals(300 * 280 + 22 * 280 + 12, w.voxels()[0]);
        assertEquals(300 * 280 + (22 + 255) * 280 + 12 + 255, w.voxels()[256 * 256 - 1]);

        Volume small = new Volume(new float[2 * 96 * 80], 2, 96, 80, Geometry.axial(new double[3], 0.5, 5));
        assertEquals(96 * 80, InPlaneCheck.centralWindow(small, new int[] {0}, 256).voxels().length, "a small slice is kept whole");

        float[] big = new float[9 * 300 * 300];
        Volume series = new Volume(big, 9, 300, 300, Geometry.axial(new double[3], 0.5, 5));
        assertTrue(InPlaneCheck.of(series, 4, ThickSimulation.Mode.SLAB).orElseThrow().describe().endsWith(", central 256 x 256"));
        Volume whole = new Volume(new float[9 * 256 * 256], 9, 256, 256, Geometry.axial(new double[3], 0.5, 5));
        assertTrue(InPlaneCheck.of(whole, 4, ThickSimulation.Mode.SLAB).orElseThrow().describe().endsWith("slab"));
    }

    @Test
    void tooSmallSlicesGiveNoCheck() {
        Volume tiny = new Volume(new float[3 * 8 * 8], 3, 8, 8, Geometry.axial(new double[3], 0.5, 6));
        assertTrue(InPlaneCheck.of(tiny, 4, ThickSimulation.Mode.SLAB).isEmpty());
    }
}

package io.thinslice.synthesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.thinslice.volume.Geometry;
import io.thinslice.volume.ThickSimulation;
import io.thinslice.volume.Volume;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Training pairs at the target scale: shapes, alignment of thick and thin columns, and the thick profile. */
class TargetScalePairsTest {

    /** Constant along x, a ramp along y (1 mm pixels): every line of every plane is the same profile up to position. */
    private static Volume rampAlongY(int rows, int columns) {
        float[] v = new float[rows * columns];
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < columns; x++) {
                v[y * columns + x] = -500 + 10 * y + 10 * x;
            }
        }
        return new Volume(v, 1, rows, columns, Geometry.axial(new double[3], 1.0, 5));
    }

    @Test
    void decimatedThickColumnsAreEveryFactorthThinColumn() {
        Random r = new Random(3);
        TargetScalePairs.Batch b = null;
        for (int i = 0; i < 20 && (b == null || b.mode() != ThickSimulation.Mode.DECIMATE); i++) {
            b = TargetScalePairs.sample(List.of(rampAlongY(200, 200)), null, r, 4, 16, 9, 4, new InPlaneScale(1.25, 1.25, 0));
        }
        assertNotNull(b);
        assertEquals(ThickSimulation.Mode.DECIMATE, b.mode());
        assertEquals(9, b.zin());
        assertEquals(33, b.thinColumns());
        for (int p = 0; p < b.planes(); p++) {
            for (int j = 0; j < b.lines(); j++) {
                for (int z = 0; z < b.zin(); z++) {
                    assertEquals(b.thin()[(p * b.lines() + j) * b.thinColumns() + 4 * z], b.thick()[(p * b.lines() + j) * b.zin() + z], 1e-6f);
                }
                // a linear profile stays linear: thin columns equally spaced in value
                float d0 = b.thin()[(p * b.lines() + j) * b.thinColumns() + 1] - b.thin()[(p * b.lines() + j) * b.thinColumns()];
                float d1 = b.thin()[(p * b.lines() + j) * b.thinColumns() + 2] - b.thin()[(p * b.lines() + j) * b.thinColumns() + 1];
                assertEquals(Math.abs(d0), 12.5f / 4096, 1e-5f, "1.25 mm of a 10 HU/mm ramp, in unit range");
                assertEquals(d0, d1, 1e-5f);
            }
        }
    }

    @Test
    void slabThickColumnsAreTheThinColumnsAveragedOverTheirThickness() {
        Random r = new Random(5);
        TargetScalePairs.Batch b = TargetScalePairs.sample(List.of(rampAlongY(200, 200)), null, r, 2, 8, 5, 2, new InPlaneScale(2, 2, 1));
        assertEquals(ThickSimulation.Mode.SLAB, b.mode());
        // on a linear profile a centred slab mean equals the thin value at its centre
        for (int j = 0; j < b.lines(); j++) {
            for (int z = 0; z < b.zin(); z++) {
                assertEquals(b.thin()[j * b.thinColumns() + 2 * z], b.thick()[j * b.zin() + z], 1e-5f);
            }
        }
    }

    @Test
    void aSliceTooShortForThreeThickColumnsGivesNoBatch() {
        assertNull(TargetScalePairs.sample(List.of(rampAlongY(16, 16)), null, new Random(1), 2, 8, 9, 4, new InPlaneScale(2, 2, 0)));
    }

    @Test
    void onlyTheAllowedSlicesAreCut() {
        float[] v = new float[3 * 64 * 64];
        java.util.Arrays.fill(v, 2 * 64 * 64, 3 * 64 * 64, 1000f); // slice 2 bright, 0 and 1 dark
        Volume vol = new Volume(v, 3, 64, 64, Geometry.axial(new double[3], 1.0, 5));
        TargetScalePairs.Batch b = TargetScalePairs.sample(List.of(vol), List.of(new int[] {0, 1}), new Random(2), 8, 16, 5, 2,
                new InPlaneScale(2, 2, 0));
        for (float t : b.thin()) {
            assertEquals(Normalisation.toUnit(0f), t, 1e-6f);
        }
    }
}

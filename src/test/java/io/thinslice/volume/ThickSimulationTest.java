package io.thinslice.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.thinslice.volume.ThickSimulation.Mode;
import io.thinslice.eval.EvaluationRun;
import io.thinslice.synthesis.CubicInterpolator;
import io.thinslice.synthesis.LinearInterpolator;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

class ThickSimulationTest {

    private static final int ROWS = 3;
    private static final int COLUMNS = 2;

    /** Voxel = f(z) + row, 2 mm slices from z = −5 mm. */
    private static Volume along(int slices, IntToDoubleFunction f) {
        float[] v = new float[slices * ROWS * COLUMNS];
        for (int z = 0; z < slices; z++) {
            for (int r = 0; r < ROWS; r++) {
                for (int c = 0; c < COLUMNS; c++) {
                    v[(z * ROWS + r) * COLUMNS + c] = (float) (f.applyAsDouble(z) + r);
                }
            }
        }
        return new Volume(v, slices, ROWS, COLUMNS, Geometry.axial(new double[] {1, 2, -5}, 0.5, 2.0));
    }

    @Test
    void decimationKeepsEverySthSliceAndCropsTheTruth() {
        Volume thin = along(11, z -> 100 * z);
        ThickSimulation.Case c2 = ThickSimulation.simulate(thin, Mode.DECIMATE, 2);
        assertEquals(6, c2.thick().slices()); // 0 2 4 6 8 10
        assertEquals(11, c2.truth().slices());
        ThickSimulation.Case c4 = ThickSimulation.simulate(thin, Mode.DECIMATE, 4);
        assertEquals(3, c4.thick().slices()); // 0 4 8; slices 9, 10 dropped
        assertEquals(9, c4.truth().slices());
        assertEquals(0, c4.firstThinSlice());
        for (int k = 0; k < 3; k++) {
            assertEquals(400 * k, c4.thick().at(k, 0, 0));
            assertEquals(c4.truth().at(4 * k, 2, 1), c4.thick().at(k, 2, 1));
        }
        assertArrayEquals(new double[] {1, 2, -5}, c4.thick().geometry().origin(), 1e-12);
        assertEquals(8.0, c4.thick().geometry().sliceSpacing(), 1e-12);
        assertEquals(2.0, c4.truth().geometry().sliceSpacing(), 1e-12);
        assertEquals("decimate x4", c4.label());
    }

    @Test
    void slabIsCentredOnTheThickSlicePosition() {
        // f(z) = z²: the slab mean is c² + ½ for s = 2 (¼ ½ ¼) and c² + 3/2 for s = 4 (⅛ ¼ ¼ ¼ ⅛).
        Volume thin = along(13, z -> z * z);
        ThickSimulation.Case c2 = ThickSimulation.simulate(thin, Mode.SLAB, 2);
        assertEquals(1, c2.firstThinSlice());
        assertEquals(6, c2.thick().slices()); // centres 1 3 5 7 9 11
        assertEquals(11, c2.truth().slices()); // thin 1..11
        for (int k = 0; k < 6; k++) {
            double c = 1 + 2 * k;
            assertEquals(c * c + 0.5 + 2, c2.thick().at(k, 2, 0), 1e-4);
        }
        ThickSimulation.Case c4 = ThickSimulation.simulate(thin, Mode.SLAB, 4);
        assertEquals(2, c4.firstThinSlice());
        assertEquals(3, c4.thick().slices()); // centres 2 6 10
        assertEquals(9, c4.truth().slices()); // thin 2..10
        for (int k = 0; k < 3; k++) {
            double c = 2 + 4 * k;
            assertEquals(c * c + 1.5, c4.thick().at(k, 0, 1), 1e-4);
        }
        // Thick slice 0 and truth slice 0 lie at thin slice 2: z = −5 + 2·2 mm.
        assertArrayEquals(new double[] {1, 2, -1}, c4.thick().geometry().origin(), 1e-12);
        assertArrayEquals(new double[] {1, 2, -1}, c4.truth().geometry().origin(), 1e-12);
        assertEquals(8.0, c4.thick().geometry().sliceSpacing(), 1e-12);
        assertEquals(2 * 2 + 1.5, c4.thick().at(0, 0, 0), 1e-4); // ⅛·0 + ¼·1 + ¼·4 + ¼·9 + ⅛·16 = 5.5
        assertEquals(c4.truth().at(0, 1, 1) + 1.5, c4.thick().at(0, 1, 1), 1e-4);
    }

    @Test
    void oddSlabIsThePlainMean() {
        Volume thin = along(10, z -> z * z);
        ThickSimulation.Case c3 = ThickSimulation.simulate(thin, Mode.SLAB, 3);
        assertEquals(1, c3.firstThinSlice()); // centres 1 4 7
        assertEquals(3, c3.thick().slices());
        assertEquals((0 + 1 + 4) / 3.0, c3.thick().at(0, 0, 0), 1e-4);
        assertEquals((9 + 16 + 25) / 3.0, c3.thick().at(1, 0, 0), 1e-4);
    }

    @Test
    void interpolatorOutputAlignsWithTheTruth() {
        // A z-linear volume: slabs of it equal its centre values, and linear/cubic interpolation of a line is exact,
        // so any misalignment between output and truth would show as an error.
        Volume thin = along(21, z -> 30 * z - 500);
        for (Mode mode : Mode.values()) {
            for (int s : new int[] {2, 4}) {
                ThickSimulation.Case c = ThickSimulation.simulate(thin, mode, s);
                for (var m : new io.thinslice.synthesis.Interpolator[] {new LinearInterpolator(), new CubicInterpolator()}) {
                    Volume out = m.interpolate(c.thick(), s);
                    assertEquals(c.truth().slices(), out.slices(), c.label());
                    assertArrayEquals(c.truth().geometry().origin(), out.geometry().origin(), 1e-9, c.label());
                    assertEquals(c.truth().geometry().sliceSpacing(), out.geometry().sliceSpacing(), 1e-9);
                    if (m instanceof LinearInterpolator) {
                        assertArrayEquals(c.truth().voxels(), out.voxels(), 1e-3f, c.label() + " " + m.name());
                    }
                    assertEquals(null, EvaluationRun.mismatch(c.truth(), out));
                }
            }
        }
    }

    @Test
    void refusesTooFewSlices() {
        assertThrows(IllegalArgumentException.class, () -> ThickSimulation.simulate(along(4, z -> z), Mode.DECIMATE, 4));
        ThickSimulation.simulate(along(5, z -> z), Mode.DECIMATE, 4);
        assertThrows(IllegalArgumentException.class, () -> ThickSimulation.simulate(along(8, z -> z), Mode.SLAB, 4));
        ThickSimulation.simulate(along(9, z -> z), Mode.SLAB, 4);
        assertThrows(IllegalArgumentException.class, () -> ThickSimulation.simulate(along(9, z -> z), Mode.SLAB, 1));
    }
}

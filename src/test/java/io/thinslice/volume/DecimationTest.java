package io.thinslice.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thinslice.studies.PhantomGenerator;
import io.thinslice.studies.PhantomSpec;
import org.junit.jupiter.api.Test;

class DecimationTest {

    private static final int SLICES = 10;
    private static final int ROWS = 2;
    private static final int COLUMNS = 3;

    /** Voxel value = 100·slice + 10·row + column, axial, 2 mm slices from z = −5. */
    private static Volume ramp() {
        float[] v = new float[SLICES * ROWS * COLUMNS];
        for (int s = 0; s < SLICES; s++) {
            for (int r = 0; r < ROWS; r++) {
                for (int c = 0; c < COLUMNS; c++) {
                    v[(s * ROWS + r) * COLUMNS + c] = 100 * s + 10 * r + c;
                }
            }
        }
        return new Volume(v, SLICES, ROWS, COLUMNS, Geometry.axial(new double[] {-1, -2, -5}, 0.5, 2.0));
    }

    @Test
    void keepEveryNthKeepsTheRightSlices() {
        Volume thick = Decimation.keepEveryNth(ramp(), 3, 1);
        assertEquals(3, thick.slices()); // 1, 4, 7
        assertEquals(ROWS, thick.rows());
        assertEquals(COLUMNS, thick.columns());
        for (int k = 0; k < 3; k++) {
            for (int r = 0; r < ROWS; r++) {
                for (int c = 0; c < COLUMNS; c++) {
                    assertEquals(100 * (1 + 3 * k) + 10 * r + c, thick.at(k, r, c));
                }
            }
        }
        assertArrayEquals(new double[] {-1, -2, -3}, thick.geometry().origin(), 1e-12);
        assertEquals(6.0, thick.geometry().sliceSpacing(), 1e-12);
        assertEquals(0.5, thick.geometry().rowSpacing());
        assertEquals(0.5, thick.geometry().columnSpacing());
    }

    @Test
    void keepEveryNthCountsTheLastPartialStep() {
        assertEquals(4, Decimation.keepEveryNth(ramp(), 3, 0).slices()); // 0, 3, 6, 9
        assertEquals(3, Decimation.keepEveryNth(ramp(), 3, 2).slices()); // 2, 5, 8
        assertEquals(1, Decimation.keepEveryNth(ramp(), 20, 9).slices()); // 9
        Volume thick = Decimation.keepEveryNth(ramp(), 20, 9);
        assertEquals(900, thick.at(0, 0, 0));
        assertArrayEquals(new double[] {-1, -2, 13}, thick.geometry().origin(), 1e-12);
    }

    @Test
    void factorOneCopies() {
        Volume thin = ramp();
        Volume same = Decimation.keepEveryNth(thin, 1, 0);
        assertArrayEquals(thin.voxels(), same.voxels());
        assertNotSame(thin.voxels(), same.voxels());
        assertEquals(thin.geometry(), same.geometry());
        Volume slab = Decimation.slabAverage(thin, 1);
        assertArrayEquals(thin.voxels(), slab.voxels());
        assertEquals(thin.geometry(), slab.geometry());
    }

    @Test
    void slabAverageAveragesConsecutiveSlices() {
        Volume thin = ramp();
        float[] before = thin.voxels().clone();
        Volume thick = Decimation.slabAverage(thin, 3);
        assertEquals(3, thick.slices()); // slabs 0-2, 3-5, 6-8; slice 9 dropped
        for (int k = 0; k < 3; k++) {
            for (int r = 0; r < ROWS; r++) {
                for (int c = 0; c < COLUMNS; c++) {
                    assertEquals(100 * (3 * k + 1) + 10 * r + c, thick.at(k, r, c), 1e-4);
                }
            }
        }
        // first slab centred on thin slice 1
        assertArrayEquals(new double[] {-1, -2, -3}, thick.geometry().origin(), 1e-12);
        assertEquals(6.0, thick.geometry().sliceSpacing(), 1e-12);
        assertArrayEquals(before, thin.voxels());
    }

    @Test
    void evenSlabsSitBetweenThinSlices() {
        Volume thick = Decimation.slabAverage(ramp(), 2);
        assertEquals(5, thick.slices());
        assertEquals(50, thick.at(0, 0, 0), 1e-4);
        assertEquals(862, thick.at(4, 1, 2), 1e-4);
        assertArrayEquals(new double[] {-1, -2, -4}, thick.geometry().origin(), 1e-12);
        assertEquals(4.0, thick.geometry().sliceSpacing(), 1e-12);
    }

    @Test
    void originMovesAlongTheSliceNormalForNonAxialStacks() {
        // coronal: rows along +x, columns along −z, so slices advance along +y
        Geometry coronal = new Geometry(new double[] {0, 10, 0}, new double[] {1, 0, 0}, new double[] {0, 0, -1}, 1, 1, 2.5);
        Volume thin = new Volume(new float[6 * 4], 6, 2, 2, coronal);
        Volume kept = Decimation.keepEveryNth(thin, 2, 1);
        assertArrayEquals(new double[] {0, 12.5, 0}, kept.geometry().origin(), 1e-12);
        assertArrayEquals(new double[] {0, 0, -1}, kept.geometry().columnDirection());
        Volume slab = Decimation.slabAverage(thin, 3);
        assertArrayEquals(new double[] {0, 12.5, 0}, slab.geometry().origin(), 1e-12);
        assertEquals(7.5, slab.geometry().sliceSpacing(), 1e-12);
    }

    @Test
    void badArgumentsAreRejected() {
        Volume thin = ramp();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Decimation.keepEveryNth(thin, 0, 0));
        assertTrue(e.getMessage().contains("factor"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Decimation.keepEveryNth(thin, -2, 0));
        assertThrows(IllegalArgumentException.class, () -> Decimation.keepEveryNth(thin, 2, -1));
        e = assertThrows(IllegalArgumentException.class, () -> Decimation.keepEveryNth(thin, 2, SLICES));
        assertTrue(e.getMessage().contains("slice"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Decimation.slabAverage(thin, 0));
        e = assertThrows(IllegalArgumentException.class, () -> Decimation.slabAverage(thin, SLICES + 1));
        assertTrue(e.getMessage().contains("slice"), e.getMessage());
    }

    @Test
    void slabAverageKeepsTheMeanOfAPhantom() {
        Volume thin = PhantomGenerator.thin(PhantomSpec.small()); // 33 slices: 32 used by 4-slice slabs
        Volume thick = Decimation.slabAverage(thin, 4);
        assertEquals(8, thick.slices());
        double thinMean = 0;
        for (int i = 0; i < 32 * thin.sliceSize(); i++) {
            thinMean += thin.voxels()[i];
        }
        thinMean /= 32 * thin.sliceSize();
        double thickMean = 0;
        for (float f : thick.voxels()) {
            thickMean += f;
        }
        thickMean /= thick.voxels().length;
        assertEquals(thinMean, thickMean, 1e-3);
        // the two ways of making thick slices disagree on fine structure
        Volume kept = Decimation.keepEveryNth(thin, 4, 0);
        double diff = 0;
        for (int i = 0; i < thick.voxels().length; i++) {
            diff += Math.abs(thick.voxels()[i] - kept.voxels()[i]);
        }
        assertTrue(diff / thick.voxels().length > 5, "slab mean vs decimation: " + diff / thick.voxels().length);
    }
}

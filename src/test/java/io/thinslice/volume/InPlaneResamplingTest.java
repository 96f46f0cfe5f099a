package io.thinslice.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** In-plane axes resampled to a slice axis: layout, spacing and the slab mean each pseudo slice is. */
class InPlaneResamplingTest {

    /** Slice k holds a·y + b·x + 100·k (HU), pixels 0.5 mm along y and 0.8 mm along x. */
    private static Volume ramp(int slices, int rows, int columns) {
        float[] v = new float[slices * rows * columns];
        for (int k = 0; k < slices; k++) {
            for (int y = 0; y < rows; y++) {
                for (int x = 0; x < columns; x++) {
                    v[(k * rows + y) * columns + x] = 3 * y + 7 * x + 100 * k;
                }
            }
        }
        return new Volume(v, slices, rows, columns, new Geometry(new double[3], new double[] {1, 0, 0}, new double[] {0, 1, 0}, 0.5, 0.8, 5));
    }

    @Test
    void rowsBecomeSlicesAtTheAskedSpacingAndEachIsTheMeanOverItsThickness() {
        Volume v = ramp(3, 41, 6); // y spans 20 mm
        Volume p = InPlaneResampling.resample(v, new int[] {2, 0}, InPlaneResampling.Axis.ROWS, 1.5);
        assertEquals(InPlaneResampling.samples(41, 0.5, 1.5), p.slices());
        assertEquals(13, p.slices()); // (20 - 1.5) / 1.5 + 1
        assertEquals(2, p.rows(), "one pseudo row per source slice");
        assertEquals(6, p.columns(), "x stays x");
        assertEquals(1.5, p.geometry().sliceSpacing(), 1e-12);
        assertEquals(0.8, p.geometry().columnSpacing(), 1e-12);
        for (int j = 0; j < p.slices(); j++) {
            double centreMm = 0.75 + 1.5 * j; // the mean of a linear profile is its value at the window's centre
            double y = centreMm / 0.5;
            assertEquals(3 * y + 7 * 4 + 200, p.at(j, 0, 4), 1e-3, "slice 2, x 4, pseudo slice " + j);
            assertEquals(3 * y + 7 * 1, p.at(j, 1, 1), 1e-3, "slice 0, x 1, pseudo slice " + j);
        }
    }

    @Test
    void columnsBecomeSlicesAndRowsBecomeColumns() {
        Volume v = ramp(2, 5, 26); // x spans 20 mm
        Volume p = InPlaneResampling.resample(v, new int[] {1}, InPlaneResampling.Axis.COLUMNS, 2.0);
        assertEquals(10, p.slices());
        assertEquals(5, p.columns(), "y becomes x");
        assertEquals(0.5, p.geometry().columnSpacing(), 1e-12);
        for (int j = 0; j < p.slices(); j++) {
            double x = (1.0 + 2.0 * j) / 0.8;
            assertEquals(3 * 3 + 7 * x + 100, p.at(j, 0, 3), 1e-3);
        }
    }

    @Test
    void aBoxProfileAveragesAnEdge() {
        // A step at y = 10 mm: the pseudo slice whose window straddles it gets the share of each side.
        float[] v = new float[41];
        for (int y = 0; y < 41; y++) {
            v[y] = y * 0.5 < 10 ? 0 : 1000;
        }
        Volume step = new Volume(v, 1, 41, 1, new Geometry(new double[3], new double[] {1, 0, 0}, new double[] {0, 1, 0}, 0.5, 1, 1));
        Volume p = InPlaneResampling.resample(step, new int[] {0}, InPlaneResampling.Axis.ROWS, 4.0); // windows [0,4) [4,8) [8,12) ...
        assertEquals(0, p.at(0, 0, 0), 1e-3);
        assertEquals(0, p.at(1, 0, 0), 1e-3);
        // [8, 12): linear interpolation puts the 0 -> 1000 ramp between 9.5 and 10 mm; 2 mm of 1000 and the ramp's half
        assertEquals((2 + 0.25) / 4 * 1000, p.at(2, 0, 0), 20);
        assertEquals(1000, p.at(3, 0, 0), 1e-3);
    }

    @Test
    void tooShortAnAxisIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> InPlaneResampling.resample(ramp(1, 3, 3), new int[] {0}, InPlaneResampling.Axis.ROWS, 5));
    }
}

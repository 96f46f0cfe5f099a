package io.thinslice.synthesis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thinslice.volume.Geometry;
import io.thinslice.volume.Volume;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

class InterpolatorsTest {

    private static final int ROWS = 2;
    private static final int COLUMNS = 3;
    private static final Geometry GEOMETRY = new Geometry(new double[] {-100.5, 20.25, 37.5}, new double[] {1, 0, 0},
            new double[] {0, -1, 0}, 0.6, 0.8, 5.0);

    private static List<Interpolator> both() {
        return List.of(new LinearInterpolator(), new CubicInterpolator());
    }

    /** Voxel (z, r, c) = f(z) + 3r − c: the in-plane part is the same for every slice. */
    private static Volume inZ(int slices, DoubleUnaryOperator f) {
        float[] v = new float[slices * ROWS * COLUMNS];
        for (int z = 0; z < slices; z++) {
            for (int r = 0; r < ROWS; r++) {
                for (int c = 0; c < COLUMNS; c++) {
                    v[(z * ROWS + r) * COLUMNS + c] = (float) (f.applyAsDouble(z) + 3 * r - c);
                }
            }
        }
        return new Volume(v, slices, ROWS, COLUMNS, GEOMETRY);
    }

    /** Largest |out − truth| over output slices whose fractional input position lies in [from, to]. */
    private static double maxError(Volume out, int factor, DoubleUnaryOperator truth, double from, double to) {
        double max = 0;
        for (int i = 0; i < out.slices(); i++) {
            double z = (double) i / factor;
            if (z < from || z > to) {
                continue;
            }
            for (int r = 0; r < ROWS; r++) {
                for (int c = 0; c < COLUMNS; c++) {
                    max = Math.max(max, Math.abs(out.at(i, r, c) - (truth.applyAsDouble(z) + 3 * r - c)));
                }
            }
        }
        return max;
    }

    @Test
    void outputHasNMinusOneTimesFPlusOneSlicesAtRefinedSpacing() {
        for (Interpolator m : both()) {
            for (int factor : new int[] {2, 4}) {
                for (int n : new int[] {3, 4, 7}) {
                    Volume out = m.interpolate(inZ(n, z -> z), factor);
                    assertEquals((n - 1) * factor + 1, out.slices(), m.name() + " n=" + n + " f=" + factor);
                    assertEquals(Interpolator.outputSlices(n, factor), out.slices());
                    assertEquals(ROWS, out.rows());
                    assertEquals(COLUMNS, out.columns());
                    Geometry g = out.geometry();
                    assertEquals(5.0 / factor, g.sliceSpacing(), 0);
                    assertArrayEquals(GEOMETRY.origin(), g.origin(), 0);
                    assertArrayEquals(GEOMETRY.rowDirection(), g.rowDirection(), 0);
                    assertArrayEquals(GEOMETRY.columnDirection(), g.columnDirection(), 0);
                    assertEquals(0.6, g.rowSpacing(), 0);
                    assertEquals(0.8, g.columnSpacing(), 0);
                    // the last output slice lies where the last input slice lies
                    assertArrayEquals(GEOMETRY.positionOf(n - 1), g.positionOf(out.slices() - 1), 1e-9);
                }
            }
        }
    }

    @Test
    void acquiredSlicesAreCopiedBitForBit() {
        Random random = new Random(5);
        int n = 6;
        float[] v = new float[n * ROWS * COLUMNS];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (random.nextGaussian() * 1000) + random.nextFloat() * 1e-3f;
        }
        v[0] = -0.0f;
        v[1] = Float.MIN_VALUE;
        v[7] = 1.0000001f;
        v[v.length - 1] = -3071.9998f;
        float[] original = v.clone();
        Volume thick = new Volume(v, n, ROWS, COLUMNS, GEOMETRY);
        for (Interpolator m : both()) {
            for (int factor : new int[] {2, 4}) {
                Volume out = m.interpolate(thick, factor);
                for (int k = 0; k < n; k++) {
                    float[] in = thick.slice(k);
                    float[] got = out.slice(k * factor);
                    for (int i = 0; i < in.length; i++) {
                        assertEquals(Float.floatToRawIntBits(in[i]), Float.floatToRawIntBits(got[i]),
                                m.name() + " f=" + factor + " slice " + k + " voxel " + i);
                    }
                }
                for (float f : out.voxels()) {
                    assertFalse(Float.isNaN(f), m.name());
                }
            }
        }
        assertArrayEquals(original, v, "the input volume must not be modified");
    }

    @Test
    void linearIsExactOnALinearRampEverywhere() {
        DoubleUnaryOperator ramp = z -> 40 * z - 1000;
        for (int factor : new int[] {2, 4}) {
            Volume out = new LinearInterpolator().interpolate(inZ(5, ramp), factor);
            assertEquals(0, maxError(out, factor, ramp, 0, 4), 1e-4, "f=" + factor);
        }
    }

    @Test
    void cubicIsExactOnALinearRampAwayFromTheEdges() {
        // With edge slices repeated, the first and last interval see a flat neighbour, so exactness holds only where
        // all four taps are real acquired slices: intervals [1, n-2].
        DoubleUnaryOperator ramp = z -> 40 * z - 1000;
        int n = 7;
        for (int factor : new int[] {2, 4}) {
            Volume out = new CubicInterpolator().interpolate(inZ(n, ramp), factor);
            assertEquals(0, maxError(out, factor, ramp, 1, n - 2), 1e-3, "f=" + factor);
            // acquired slices are exact everywhere
            for (int k = 0; k < n; k++) {
                assertEquals(ramp.applyAsDouble(k), out.at(k * factor, 0, 0), 0);
            }
        }
    }

    @Test
    void cubicIsExactOnAQuadraticAwayFromTheEdgesAndLinearIsNot() {
        // Catmull-Rom = cubic Hermite with central-difference tangents; for a quadratic the central difference is the
        // exact derivative, so the interior interpolant is the quadratic itself.
        DoubleUnaryOperator quad = z -> 3 * z * z - 20 * z + 7;
        int n = 8;
        for (int factor : new int[] {2, 4}) {
            Volume cubic = new CubicInterpolator().interpolate(inZ(n, quad), factor);
            Volume linear = new LinearInterpolator().interpolate(inZ(n, quad), factor);
            assertEquals(0, maxError(cubic, factor, quad, 1, n - 2), 1e-3, "f=" + factor);
            // linear misses the curvature by 3·u(1−u): 0.75 at mid-interval
            assertEquals(0.75, maxError(linear, factor, quad, 1, n - 2), 1e-3, "f=" + factor);
        }
    }

    @Test
    void cubicBeatsLinearOnASmoothSinusoid() {
        DoubleUnaryOperator sine = z -> 500 * Math.sin(2 * Math.PI * z / 9.0);
        int n = 20;
        for (int factor : new int[] {2, 4}) {
            double lin = maxError(new LinearInterpolator().interpolate(inZ(n, sine), factor), factor, sine, 1, n - 2);
            double cub = maxError(new CubicInterpolator().interpolate(inZ(n, sine), factor), factor, sine, 1, n - 2);
            assertTrue(lin > 1, "linear should visibly miss the curvature, error " + lin);
            assertTrue(cub < lin / 3, "cubic error " + cub + " should be well below linear error " + lin + " (f=" + factor + ")");
        }
    }

    @Test
    void cubicWeightsSumToOneAndVanishAtIntegers() {
        for (double u : new double[] {0.25, 0.5, 0.75}) {
            double[] w = new CubicInterpolator().weights(u);
            assertEquals(4, w.length);
            assertEquals(1, w[0] + w[1] + w[2] + w[3], 1e-12, "u=" + u);
        }
        assertEquals(1, CubicInterpolator.kernel(0), 0);
        assertEquals(0, CubicInterpolator.kernel(1), 1e-15);
        assertEquals(0, CubicInterpolator.kernel(2), 1e-15);
        assertEquals(0, CubicInterpolator.kernel(-1), 1e-15);
        assertEquals(-0.0625, CubicInterpolator.kernel(1.5), 1e-15);
        assertEquals(0.5625, CubicInterpolator.kernel(0.5), 1e-15);
    }

    @Test
    void factorsOutsideTwoToEightAreRejected() {
        for (Interpolator m : both()) {
            for (int factor : new int[] {9, 1, 0, -2, 16}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> m.interpolate(inZ(4, z -> z), factor), m.name() + " f=" + factor);
                assertTrue(e.getMessage().contains(Integer.toString(factor)), e.getMessage());
            }
        }
    }

    @Test
    void byNameKnowsLinearAndCubic() {
        assertEquals(List.of("linear", "cubic"), Interpolators.names().subList(0, 2));
        Interpolator linear = Interpolators.byName("linear");
        assertInstanceOf(LinearInterpolator.class, linear);
        assertEquals("linear", linear.name());
        assertFalse(linear.version().isBlank());
        Interpolator cubic = Interpolators.byName("cubic");
        assertInstanceOf(CubicInterpolator.class, cubic);
        assertEquals("cubic", cubic.name());
        assertFalse(cubic.version().isBlank());
    }

    @Test
    void everyMethodIsKnownByTheNameItWasAskedFor() {
        // eval tells methods apart by name: three-view-fused is a fused view too, but not "three-view"
        for (String name : Interpolators.names()) {
            assertEquals(name, Interpolators.byName(name).name());
        }
    }

    @Test
    void unknownNameIsRejectedWithTheKnownNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Interpolators.byName("sinc"));
        assertTrue(e.getMessage().contains("sinc"), e.getMessage());
        assertTrue(e.getMessage().contains("linear"), e.getMessage());
        assertTrue(e.getMessage().contains("cubic"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Interpolators.byName("Cubic"));
    }

    @Test
    void linearSourceSlicesAreTheAcquiredOneOrTheBracketingPair() {
        Interpolator m = new LinearInterpolator();
        int n = 4;
        int f = 4;
        assertArrayEquals(new int[] {0}, m.sourceSlices(0, f, n));
        assertArrayEquals(new int[] {0, 1}, m.sourceSlices(1, f, n));
        assertArrayEquals(new int[] {0, 1}, m.sourceSlices(3, f, n));
        assertArrayEquals(new int[] {1}, m.sourceSlices(4, f, n));
        assertArrayEquals(new int[] {2, 3}, m.sourceSlices(11, f, n));
        assertArrayEquals(new int[] {3}, m.sourceSlices(12, f, n));
        assertArrayEquals(new int[] {1, 2}, m.sourceSlices(3, 2, n));
    }

    @Test
    void cubicSourceSlicesAreTheFourTapsClampedToTheStack() {
        Interpolator m = new CubicInterpolator();
        int n = 5;
        int f = 2;
        assertArrayEquals(new int[] {0}, m.sourceSlices(0, f, n));
        assertArrayEquals(new int[] {0, 1, 2}, m.sourceSlices(1, f, n)); // taps -1..2, -1 clamped to 0
        assertArrayEquals(new int[] {2}, m.sourceSlices(4, f, n));
        assertArrayEquals(new int[] {1, 2, 3, 4}, m.sourceSlices(5, f, n));
        assertArrayEquals(new int[] {2, 3, 4}, m.sourceSlices(7, f, n)); // taps 2..5, 5 clamped to 4
        assertArrayEquals(new int[] {4}, m.sourceSlices(8, f, n));
        assertArrayEquals(new int[] {0, 1, 2, 3}, m.sourceSlices(6, 4, n));
    }

    @Test
    void cubicSourceSlicesCoverEveryTapWithNonZeroWeight() {
        // Changing an acquired slice outside sourceSlices(i) must not change output slice i.
        int n = 6;
        int f = 4;
        Interpolator m = new CubicInterpolator();
        Volume base = inZ(n, z -> 10 * z);
        Volume before = m.interpolate(base, f);
        for (int changed = 0; changed < n; changed++) {
            float[] v = base.voxels().clone();
            for (int i = 0; i < ROWS * COLUMNS; i++) {
                v[changed * ROWS * COLUMNS + i] += 1000;
            }
            Volume after = m.interpolate(new Volume(v, n, ROWS, COLUMNS, GEOMETRY), f);
            for (int i = 0; i < before.slices(); i++) {
                boolean listed = false;
                for (int s : m.sourceSlices(i, f, n)) {
                    listed |= s == changed;
                }
                if (!listed) {
                    assertArrayEquals(before.slice(i), after.slice(i), 0f, "slice " + i + " changed with input " + changed);
                }
            }
        }
    }
}

package io.thinslice.synthesis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thinslice.studies.PhantomGenerator;
import io.thinslice.studies.PhantomSpec;
import io.thinslice.volume.Decimation;
import io.thinslice.volume.ThickSeries;
import io.thinslice.volume.Volume;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every integer factor from ×2 to ×8, for every kind of method: slice count, spacing s/f, acquired slices bit for
 * bit, no NaN, and slab streaming giving what the whole series gives.
 */
class AnyFactorTest {

    private static Volume thick;
    private static ThreeViewWeights shipped;

    @BeforeAll
    static void load() throws IOException {
        thick = Decimation.keepEveryNth(PhantomGenerator.thin(new PhantomSpec(24, 20, 33, 1.5, 1.25, 5L)), 4, 0); // 9 slices
        shipped = ThreeViewWeights.loadDefault();
    }

    @AfterAll
    static void close() {
        shipped.close();
    }

    private static List<Interpolator> methods() {
        return List.of(new LinearInterpolator(), new CubicInterpolator(), new ThreeViewInterpolator(shipped));
    }

    @Test
    void everyFactorFromTwoToEightKeepsTheContract() {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float v : thick.voxels()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        for (Interpolator m : methods()) {
            // the networks: the x4 ladder resampled (x3), the x8 ladder resampled (x6) and as it is (x8); ThreeViewInterpolatorTest has x2, x4
            int[] factors = m instanceof ThreeViewInterpolator ? new int[] {3, 6, 8} : new int[] {2, 3, 4, 5, 6, 7, 8};
            for (int f : factors) {
                Volume out = m.interpolate(thick, f);
                String what = m.name() + " x" + f;
                assertEquals((thick.slices() - 1) * f + 1, out.slices(), what);
                assertEquals(thick.geometry().sliceSpacing() / f, out.geometry().sliceSpacing(), 1e-12, what);
                for (int k = 0; k < thick.slices(); k++) {
                    assertArrayEquals(thick.slice(k), out.slice(k * f), what + " acquired slice " + k);
                }
                if (m instanceof ThreeViewInterpolator && f == 3) {
                    betweenTheNeighbouringFineSlices(m.interpolate(thick, 4), out);
                }
                for (float v : out.voxels()) {
                    assertFalse(Float.isNaN(v), what);
                    if (m instanceof ThreeViewInterpolator) {
                        assertTrue(v >= min && v <= max, what + ": " + v + " outside the source range");
                    }
                }
            }
        }
    }

    /** x3 output slice 1 lies at 4/3 of the x4 grid: between x4 slices 1 and 2, resampled from them. */
    private static void betweenTheNeighbouringFineSlices(Volume x4, Volume x3) {
        assertEquals(List.of(2, 4, 4, 8, 8, 8, 8), java.util.stream.IntStream.rangeClosed(2, 8).map(FineGrid::ladder).boxed().toList());
        float[] a = x4.slice(1);
        float[] b = x4.slice(2);
        float[] c = x3.slice(1);
        double off = 0;
        for (int i = 0; i < c.length; i++) {
            off = Math.max(off, Math.max(Math.min(a[i], b[i]) - c[i], c[i] - Math.max(a[i], b[i])));
        }
        assertTrue(off < 40, "x3 slice 1 strays " + off + " HU outside x4 slices 1 and 2");
    }

    @Test
    void factorsOutsideTwoToEightAreRefused() {
        for (int f : new int[] {0, 1, 9, 16}) {
            for (Interpolator m : methods()) {
                assertThrows(IllegalArgumentException.class, () -> m.interpolate(thick, f), m.name() + " x" + f);
            }
        }
    }

    @Test
    void slabsGiveWhatTheWholeSeriesGivesAtEveryFactor() throws IOException {
        // classical methods and the axial network read a bounded neighbourhood: slabs with a halo are bit for bit
        for (Interpolator m : List.of(new LinearInterpolator(), new CubicInterpolator(),
                new ThreeViewInterpolator(shipped).withView(ThreeViewInterpolator.View.AXIAL))) {
            for (int f : m instanceof ThreeViewInterpolator ? new int[] {6} : new int[] {3, 5, 6, 7}) {
                assertArrayEquals(m.interpolate(thick, f).voxels(), streamed(new SlabPlan(8, 3), m, f), m.name() + " x" + f);
            }
        }
    }

    @Test
    void abovexFourSlabsHoldHalfTheAcquiredSlicesSoASlabsMemoryStaysTheSame() {
        for (int f = 2; f <= 8; f++) {
            int most = f <= 4 ? 128 : 64;
            for (SlabPlan.Slab s : SlabPlan.DEFAULT.slabs(300, f)) {
                assertTrue(s.to() - s.from() <= most, "x" + f + ": " + s);
            }
            assertEquals(f <= 4 ? 1 : 4, SlabPlan.DEFAULT.slabs(100, f).size(), "x" + f + ": one slab of 100, or cores of 32 in slabs of 64");
        }
    }

    @Test
    void theResamplingRingGivesAnyRangeAsTheWholeGivesIt() throws IOException {
        int slices = 5;
        for (FineGrid.Kernel kernel : FineGrid.Kernel.values()) {
            for (int f : new int[] {3, 5, 6, 7}) {
                int p = FineGrid.ladder(f);
                int fine = (slices - 1) * p + 1;
                float[] voxels = new float[fine * 2];
                java.util.Random r = new java.util.Random(f);
                for (int i = 0; i < voxels.length; i++) {
                    voxels[i] = r.nextFloat() * 100;
                }
                int total = Interpolator.outputSlices(slices, f);
                float[] whole = range(voxels, slices, f, kernel, 0, total);
                for (int first = 0; first < total; first++) {
                    for (int end = first + 1; end <= total; end++) {
                        float[] part = range(voxels, slices, f, kernel, first, end);
                        assertArrayEquals(java.util.Arrays.copyOfRange(whole, first * 2, end * 2), part, kernel + " x" + f + " [" + first + ", " + end + ")");
                    }
                }
            }
        }
    }

    private static float[] range(float[] fineVoxels, int slices, int f, FineGrid.Kernel kernel, int first, int end) throws IOException {
        float[] out = new float[(end - first) * 2];
        int[] next = {first};
        FineGrid.stream(f, slices, 2, -1000, 1000, first, end, kernel, (from, to, sink) -> {
            for (int j = from; j < to; j++) {
                sink.accept(j, java.util.Arrays.copyOfRange(fineVoxels, j * 2, j * 2 + 2));
            }
        }, (i, hu) -> {
            assertEquals(next[0]++, i, "in order");
            System.arraycopy(hu, 0, out, (i - first) * 2, 2);
        });
        assertEquals(end, next[0], "every slice");
        return out;
    }

    private static float[] streamed(SlabPlan plan, Interpolator m, int factor) throws IOException {
        float[] voxels = new float[Interpolator.outputSlices(thick.slices(), factor) * thick.sliceSize()];
        int[] next = {0};
        plan.stream(m, ThickSeries.of(thick), factor, (index, hu) -> {
            assertEquals(next[0]++, index, "slices in order");
            System.arraycopy(hu, 0, voxels, index * hu.length, hu.length);
        });
        assertEquals(voxels.length / thick.sliceSize(), next[0], "every slice once");
        return voxels;
    }
}

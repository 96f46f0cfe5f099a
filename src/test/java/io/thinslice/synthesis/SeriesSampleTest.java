package io.thinslice.synthesis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thinslice.volume.Geometry;
import io.thinslice.volume.ThickSeries;
import io.thinslice.volume.Volume;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** What the check and adaptation see of a series: all of it up to 128 slices, 128 slices of a longer one. */
class SeriesSampleTest {

    private static final SeriesAdaptation PLANES = SeriesAdaptation.defaults(10);
    private static final SeriesAdaptation ALONG_Z = new SeriesAdaptation(10, 5, 1e-4f, 2, 1L, false);

    /** {@code n} slices of 2 × 2 whose voxels hold their slice index. */
    private static Volume indexed(int n) {
        float[] v = new float[n * 4];
        for (int i = 0; i < v.length; i++) {
            v[i] = i / 4;
        }
        return new Volume(v, n, 2, 2, new Geometry(new double[3], new double[] {1, 0, 0}, new double[] {0, 1, 0}, 1, 1, 5));
    }

    @Test
    void aSeriesOfOneSlabIsSampledWholeAsItIs() throws IOException {
        for (int n : new int[] {3, 60, 128}) {
            Volume v = indexed(n);
            assertSame(v, SeriesSample.of(ThickSeries.of(v), PLANES), n + " slices: the volume itself, so its pixels are unchanged");
            assertSame(v, SeriesSample.of(ThickSeries.of(v), ALONG_Z));
        }
    }

    @Test
    void aLongSeriesIsSampledIn128SlicesSpreadOverItForPlanesOnlyAdaptation() throws IOException {
        for (int n : new int[] {129, 300, 1000}) {
            Volume s = SeriesSample.of(ThickSeries.of(indexed(n)), PLANES);
            assertEquals(128, s.slices());
            assertEquals(0f, s.at(0, 0, 0));
            assertEquals(n - 1f, s.at(127, 1, 1), "first and last slice included");
            for (int i = 1; i < 128; i++) {
                float step = s.at(i, 0, 0) - s.at(i - 1, 0, 0);
                assertTrue(step >= 1 && step <= Math.ceil((n - 1) / 127.0), n + " slices: even spread, step " + step);
            }
            assertEquals(5.0, s.geometry().sliceSpacing(), "the series' spacing: the check's target scale");
        }
        assertArrayEquals(new int[] {0, 1, 2}, SeriesSample.spread(3, 128));
        assertArrayEquals(new int[] {0, 333, 666, 999}, SeriesSample.spread(1000, 4));
    }

    @Test
    void adaptationAlongZGetsConsecutiveSlicesFromTheMiddle() throws IOException {
        Volume s = SeriesSample.of(ThickSeries.of(indexed(300)), ALONG_Z);
        assertEquals(128, s.slices());
        for (int i = 0; i < 128; i++) {
            assertEquals(86f + i, s.at(i, 0, 0));
        }
    }
}

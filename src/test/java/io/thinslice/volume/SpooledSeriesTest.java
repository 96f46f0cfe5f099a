package io.thinslice.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A series read from its instances when asked ({@link SpooledSeries}) gives what the whole loaded volume gives, slice
 * for slice and bit for bit, and reads only what it is asked for.
 */
class SpooledSeriesTest {

    private static final int N = 7;

    /** N slices of 3 × 4, each with its own intercept, stored values that differ per slice and pixel. */
    private static final Map<String, short[]> STORED = new HashMap<>();
    private static final SliceStack STACK;

    static {
        List<SliceHeader> headers = new ArrayList<>();
        for (int i = N - 1; i >= 0; i--) { // out of order: the stack sorts them
            String uid = "1.2.3." + i;
            headers.add(new SliceHeader(Path.of(uid), VolumeBuilder.CT_IMAGE_STORAGE, uid, "1.2", "1.3", "1.4", "CT",
                    new double[] {0, 0, 2.5 * i}, new double[] {1, 0, 0, 0, 1, 0}, new double[] {0.7, 0.7}, 3, 4, 1, 1, 16, 12, 0,
                    1.5, -1000 - i, i + 1, List.of("ORIGINAL", "PRIMARY", "AXIAL"), false, false, "s", 1, null));
            short[] p = new short[12];
            for (int k = 0; k < p.length; k++) {
                p[k] = (short) (100 * i + 37 * k);
            }
            STORED.put(uid, p);
        }
        try {
            STACK = VolumeBuilder.validate(headers);
        } catch (SeriesRefusedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Counts the slices read. */
    private static final class Counting implements PixelSource {
        final List<String> reads = new ArrayList<>();

        @Override
        public short[] storedValues(SliceHeader slice) {
            reads.add(slice.sopInstanceUid());
            return STORED.get(slice.sopInstanceUid()).clone();
        }
    }

    @Test
    void slabsAndPicksAreTheLoadedVolumesSlicesBitForBit() throws IOException {
        Volume whole = VolumeBuilder.load(STACK, new Counting());
        SpooledSeries series = SpooledSeries.open(STACK, new Counting());
        assertEquals(N, series.slices());
        assertEquals(3, series.rows());
        assertEquals(4, series.columns());
        assertEquals(whole.geometry(), series.geometry());

        Volume all = series.read(0, N);
        assertArrayEquals(whole.voxels(), all.voxels());
        assertEquals(whole.geometry(), all.geometry());

        Volume slab = series.read(2, 5);
        Volume expected = whole.slices(2, 5);
        assertArrayEquals(expected.voxels(), slab.voxels());
        assertEquals(expected.geometry(), slab.geometry());

        Volume picked = series.pick(new int[] {0, 3, 6});
        assertEquals(3, picked.slices());
        assertArrayEquals(whole.slice(3), picked.slice(1));
        assertArrayEquals(whole.slice(6), picked.slice(2));
        assertEquals(whole.geometry(), picked.geometry(), "a pick keeps the series' geometry (its slice spacing)");
        assertThrows(IllegalArgumentException.class, () -> series.pick(new int[] {3, 1}));
        assertThrows(IllegalArgumentException.class, () -> series.read(4, 4));
    }

    @Test
    void theRangeIsTheWholeSeriesAndEqualsTheHeldOnes() throws IOException {
        Volume whole = VolumeBuilder.load(STACK, new Counting());
        SpooledSeries spooled = SpooledSeries.open(STACK, new Counting());
        ThickSeries held = ThickSeries.of(whole);
        assertEquals(held.minHu(), spooled.minHu());
        assertEquals(held.maxHu(), spooled.maxHu());
        // slice 0, pixel 0: stored 0, intercept -1000; slice 6, pixel 11: stored 1007 * 1.5 - 1006
        assertEquals(-1000f, spooled.minHu());
        assertEquals((float) (1007 * 1.5 - 1006), spooled.maxHu());
        assertTrue(held.read(0, N) == whole, "all of a held series is the volume itself, not a copy");
    }

    @Test
    void holdsNoPixelsAndReadsOnlyWhatItIsAskedFor() throws IOException {
        Counting source = new Counting();
        SpooledSeries series = SpooledSeries.open(STACK, source);
        assertEquals(N, source.reads.size(), "opening reads every slice once, for the range");
        source.reads.clear();
        series.read(1, 3);
        assertEquals(List.of("1.2.3.1", "1.2.3.2"), source.reads);
        source.reads.clear();
        series.read(1, 3);
        assertEquals(2, source.reads.size(), "nothing is kept between reads");
    }

    @Test
    void aShortSliceIsRefusedWhenOpenedAsLoadRefusesIt() {
        PixelSource shortOne = s -> s.sopInstanceUid().equals("1.2.3.4") ? new short[5] : STORED.get(s.sopInstanceUid()).clone();
        IOException open = assertThrows(IOException.class, () -> SpooledSeries.open(STACK, shortOne));
        IOException load = assertThrows(IOException.class, () -> VolumeBuilder.load(STACK, shortOne));
        assertEquals(load.getMessage(), open.getMessage());
        assertTrue(open.getMessage().contains("instance 1.2.3.4 has 5 pixels, expected 12"), open.getMessage());
    }
}

package io.thinslice.synthesis;

import io.thinslice.volume.ThickSeries;
import io.thinslice.volume.Volume;
import java.io.IOException;

/**
 * The acquired slices that a series' {@link InPlaneCheck} and {@link SeriesAdaptation} work on: the whole series up
 * to {@value #MAX_SLICES} slices (so such a series gives the pixels it always gave), and {@value #MAX_SLICES} of a
 * longer one, so that what the check and adaptation hold (the slices, adaptation's copy of them in unit range) does
 * not grow with the slice count.
 *
 * <p>For the node's planes-only adaptation the sample is spread evenly over the series, first and last slice
 * included: the check and the in-plane pairs work inside single slices, so they see anatomy from the whole series.
 * Adaptation with terms along z (cross-view pairs, distillation) needs neighbouring slices and gets a consecutive run
 * from the middle of the series instead.
 */
final class SeriesSample {

    /** As many as one slab of {@link SlabPlan#DEFAULT}: every series that is one slab is sampled whole. */
    static final int MAX_SLICES = 128;

    private SeriesSample() {
    }

    static Volume of(ThickSeries series, SeriesAdaptation adaptation) throws IOException {
        int n = series.slices();
        if (n <= MAX_SLICES) {
            return series.read(0, n);
        }
        if (!adaptation.planesOnly()) {
            int from = (n - MAX_SLICES) / 2;
            return series.read(from, from + MAX_SLICES);
        }
        return series.pick(spread(n, MAX_SLICES));
    }

    /** {@code count} ascending indices spread evenly over [0, slices), first and last included (all when fewer). */
    static int[] spread(int slices, int count) {
        if (slices <= count) {
            return java.util.stream.IntStream.range(0, slices).toArray();
        }
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = (int) Math.round((double) i * (slices - 1) / (count - 1));
        }
        return out;
    }
}

package io.thinslice.volume;

import java.io.IOException;

/**
 * The acquired slices of one series in HU, read a run of slices at a time: synthesis streams a long series through
 * z-slabs, so the whole series need not be held (a 1000-slice 512 × 512 series is 1000 MiB of floats).
 * {@link #of(Volume)} holds one in memory; {@link SpooledSeries} reads slices from where the instances lie when asked.
 */
public interface ThickSeries {

    int slices();

    int rows();

    int columns();

    Geometry geometry();

    /** Lowest HU of the whole series: every slab clips to the series' range, not its own. */
    float minHu();

    /** Highest HU of the whole series. */
    float maxHu();

    /** Slices [from, to) as one volume whose geometry starts at slice {@code from}. */
    Volume read(int from, int to) throws IOException;

    /**
     * The slices at {@code indices} (ascending), stacked in that order into one volume with the series' geometry.
     * Only their in-plane content is meaningful when the indices are not consecutive: the stack's slice spacing stays
     * the series' spacing, which is what work inside slices (target spacing, in-plane pairs) needs.
     */
    Volume pick(int[] indices) throws IOException;

    /** A series held in memory; reading all of it gives {@code volume} itself. */
    static ThickSeries of(Volume volume) {
        return new HeldSeries(volume);
    }
}

package io.thinslice.synthesis;

import java.io.IOException;

/**
 * Where a streamed synthesis puts the thin slices: one call per output slice, in increasing index (z) order, so a
 * long series never sits in memory as a whole thin volume.
 */
public interface SliceSink {

    /**
     * Called once before the first slice with the method that makes the slices (the configured one, or the one a
     * per-series guard chose) and how it was chosen (or null): what a writer needs to plan UIDs and descriptions.
     */
    default void begin(Interpolator method, String note) throws IOException {
    }

    /**
     * One output slice.
     *
     * @param index output slice index, 0-based; every index from 0 to the last comes exactly once, in order
     * @param hu    the slice, (y, x) in HU; valid only during the call (the caller may reuse it)
     */
    void accept(int index, float[] hu) throws IOException;

    /**
     * The cross-view disagreement of output slice {@code index}: per voxel, the standard deviation (HU) of the axial,
     * coronal and sagittal predictions ({@link ThreeViewInterpolator#withDisagreement()}; 0 on acquired slices). Comes
     * right after {@link #accept} of the same index, for every index, and only from a method that computes it (the
     * three-view model asked to); a sink that gets none of these calls got no disagreement.
     *
     * @param sdHu (y, x), HU; valid only during the call
     */
    default void acceptDisagreement(int index, float[] sdHu) throws IOException {
    }
}

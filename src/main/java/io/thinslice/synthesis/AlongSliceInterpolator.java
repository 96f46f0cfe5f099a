package io.thinslice.synthesis;

import io.thinslice.volume.Volume;
import java.io.IOException;

/**
 * Shared frame of the classical methods: copies acquired slices and fills each synthesised one as a
 * weighted sum of acquired slices, one z-column kernel per fractional position.
 */
abstract class AlongSliceInterpolator implements Interpolator {

    /**
     * Weights for the acquired slices around fractional position {@code u} in (0, 1) between slice k and k+1.
     * Index j of the result applies to slice k + j - {@link #leftTaps()}.
     */
    abstract double[] weights(double u);

    /** How many acquired slices before slice k the kernel reads. */
    abstract int leftTaps();

    @Override
    public Volume interpolate(Volume thick, int factor) {
        Interpolator.requireFactor(factor);
        int size = thick.sliceSize();
        int outSlices = Interpolator.outputSlices(thick.slices(), factor);
        float[] out = new float[outSlices * size];
        slices(thick, factor, 0, outSlices, (i, hu) -> System.arraycopy(hu, 0, out, i * size, size));
        return new Volume(out, outSlices, thick.rows(), thick.columns(), thick.geometry().refinedAlongSlices(factor));
    }

    /** One output slice at a time into one buffer: a slab costs no thin volume. Classical methods do not clip. */
    @Override
    public void interpolateSlab(Volume slab, int factor, float seriesMin, float seriesMax, int first, int end, SliceSink sink)
            throws IOException {
        Interpolator.requireFactor(factor);
        slices(slab, factor, first, end, sink);
    }

    /** A sink that does no I/O. */
    private interface ArraySink extends SliceSink {
        @Override
        void accept(int index, float[] hu);
    }

    private void slices(Volume thick, int factor, int first, int end, ArraySink sink) {
        try {
            slices(thick, factor, first, end, (SliceSink) sink);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private void slices(Volume thick, int factor, int first, int end, SliceSink sink) throws IOException {
        int n = thick.slices();
        int size = thick.sliceSize();
        float[] in = thick.voxels();
        float[] slice = new float[size];
        for (int o = first; o < end; o++) {
            int k = o / factor;
            int j = o % factor;
            if (j == 0) {
                System.arraycopy(in, k * size, slice, 0, size);
            } else {
                double[] w = weights((double) j / factor);
                int[] src = new int[w.length];
                for (int t = 0; t < w.length; t++) {
                    src[t] = Math.max(0, Math.min(n - 1, k + t - leftTaps())) * size;
                }
                for (int i = 0; i < size; i++) {
                    double v = 0;
                    for (int t = 0; t < w.length; t++) {
                        v += w[t] * in[src[t] + i];
                    }
                    slice[i] = (float) v;
                }
            }
            sink.accept(o, slice);
        }
    }
}

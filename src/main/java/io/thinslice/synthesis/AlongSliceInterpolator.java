package io.thinslice.synthesis;

import io.thinslice.volume.Volume;

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
        int n = thick.slices();
        int size = thick.sliceSize();
        int outSlices = Interpolator.outputSlices(n, factor);
        float[] in = thick.voxels();
        float[] out = new float[outSlices * size];
        for (int k = 0; k < n; k++) {
            System.arraycopy(in, k * size, out, k * factor * size, size);
        }
        for (int k = 0; k < n - 1; k++) {
            for (int j = 1; j < factor; j++) {
                double[] w = weights((double) j / factor);
                int[] src = new int[w.length];
                for (int t = 0; t < w.length; t++) {
                    src[t] = Math.max(0, Math.min(n - 1, k + t - leftTaps())) * size;
                }
                int dst = (k * factor + j) * size;
                for (int i = 0; i < size; i++) {
                    double v = 0;
                    for (int t = 0; t < w.length; t++) {
                        v += w[t] * in[src[t] + i];
                    }
                    out[dst + i] = (float) v;
                }
            }
        }
        return new Volume(out, outSlices, thick.rows(), thick.columns(), thick.geometry().refinedAlongSlices(factor));
    }
}

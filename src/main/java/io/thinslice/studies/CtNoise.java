package io.thinslice.studies;

import java.util.SplittableRandom;

/**
 * CT-like image noise for one slice. Reconstructed CT noise is not white: filtered back-projection takes out its
 * lowest spatial frequencies and the apodisation window its highest, and the kernel shapes the rest. So white
 * Gaussian noise w is shaped as G(0.5 px)·w − 0.5·G(2 px)·w (a band-pass, grainy rather than blotchy), passed
 * through the {@link ReconstructionKernel}, and scaled so that its standard deviation is the asked-for σ. The scale
 * comes from the filter chain's impulse response (its squared sum is the variance gain), so it does not depend on
 * the random draw.
 */
final class CtNoise {
    private static final double FINE_SIGMA_PX = 0.5;
    private static final double COARSE_SIGMA_PX = 2.0;
    private static final double COARSE_WEIGHT = 0.5;
    private static final int PROBE = 41;

    private final ReconstructionKernel kernel;
    private final double sigmaHu;
    private final double scale;

    CtNoise(ReconstructionKernel kernel, double sigmaHu) {
        this.kernel = kernel;
        this.sigmaHu = sigmaHu;
        float[] probe = new float[PROBE * PROBE * 2];
        probe[PROBE * PROBE / 2] = 1;
        shape(probe, PROBE, PROBE, new float[PROBE * PROBE * 2]);
        double gain = 0;
        for (int i = 0; i < PROBE * PROBE; i++) {
            gain += (double) probe[i] * probe[i];
        }
        this.scale = sigmaHu / Math.sqrt(gain);
    }

    /**
     * Adds noise to the slice at {@code offset} of {@code data}. {@code work} holds two slices, {@code scratch}
     * two. Draws from {@code random} with StrictMath only, so the result is the same on every JDK.
     */
    void add(float[] data, int offset, int rows, int columns, SplittableRandom random, float[] work, float[] scratch) {
        if (sigmaHu == 0) {
            return;
        }
        int n = rows * columns;
        for (int i = 0; i < n; i += 2) {
            double u;
            double v;
            double s;
            do {
                u = 2 * random.nextDouble() - 1;
                v = 2 * random.nextDouble() - 1;
                s = u * u + v * v;
            } while (s >= 1 || s == 0);
            double m = StrictMath.sqrt(-2 * StrictMath.log(s) / s);
            work[i] = (float) (u * m);
            if (i + 1 < n) {
                work[i + 1] = (float) (v * m);
            }
        }
        shape(work, rows, columns, scratch);
        for (int i = 0; i < n; i++) {
            data[offset + i] += (float) (scale * work[i]);
        }
    }

    /** Shapes white noise in {@code w}[0, n) in place; {@code w} holds two slices. */
    private void shape(float[] w, int rows, int columns, float[] scratch) {
        int n = rows * columns;
        System.arraycopy(w, 0, w, n, n);
        Blur.gaussian(w, 0, rows, columns, FINE_SIGMA_PX, scratch);
        Blur.gaussian(w, n, rows, columns, COARSE_SIGMA_PX, scratch);
        for (int i = 0; i < n; i++) {
            w[i] -= (float) (COARSE_WEIGHT * w[n + i]);
        }
        kernel.apply(w, 0, rows, columns, scratch);
    }
}

package io.thinslice.synthesis;

import io.thinslice.volume.Volume;

/** PSNR of the evaluation protocol: HU clipped to [-1024, 3072], scaled by (HU + 1024) / 4096, peak 1. */
final class SynthesisMetrics {

    private SynthesisMetrics() {
    }

    /**
     * PSNR over the synthesised slices only: output slice i (i not a multiple of factor) against thin slice
     * offset + i. The thick volume must have been decimated from {@code thin} by {@code factor} at {@code offset}.
     */
    static double psnrSynthesised(Volume out, Volume thin, int factor, int offset) {
        double se = 0;
        long n = 0;
        int size = out.sliceSize();
        for (int i = 0; i < out.slices(); i++) {
            if (i % factor == 0) {
                continue;
            }
            int t = offset + i;
            if (t >= thin.slices()) {
                break;
            }
            float[] a = out.voxels();
            float[] b = thin.voxels();
            for (int j = 0; j < size; j++) {
                double d = unit(a[i * size + j]) - unit(b[t * size + j]);
                se += d * d;
                n++;
            }
        }
        return 10 * Math.log10(1.0 / (se / n));
    }

    static double unit(float hu) {
        return (Math.max(-1024.0, Math.min(3072.0, hu)) + 1024.0) / 4096.0;
    }
}

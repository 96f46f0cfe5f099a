package io.thinslice.synthesis;

import io.thinslice.volume.Volume;
import java.io.IOException;

/**
 * How the three-view networks, which only halve the slice spacing, reach a factor that is not a power of two: the
 * ×2 levels run to the next power of two P ≥ f (×4 for ×3, ×8 for ×5, ×6, ×7), and each output slice i, at fine
 * position i·P/f, is resampled along the normal from the fine slices around it. Output slice i·f lies on fine slice
 * i·P, an acquired slice, which is copied as it is (bit for bit). Chosen by measurement on a held-out volume against
 * resampling from the lower power of two and against linear resampling (bench/README.md, "Factors that are not a
 * power of two").
 *
 * <p>Streaming: the fine slices pass through a ring of four, so a slab costs what the ×P run costs, not a fine
 * volume more.
 */
final class FineGrid {

    /** Kernel along the fine slices. */
    enum Kernel {
        LINEAR, CUBIC
    }

    /** The kernel the node uses (measured: bench/README.md). */
    static final Kernel KERNEL = Kernel.CUBIC;

    private FineGrid() {
    }

    static boolean isPowerOfTwo(int factor) {
        return factor > 0 && (factor & (factor - 1)) == 0;
    }

    /** The smallest power of two not below {@code factor}: the ×2 levels the networks run. */
    static int ladder(int factor) {
        int p = 1;
        while (p < factor) {
            p *= 2;
        }
        return p;
    }

    /** Runs fine slices [from, to) of the ×P output, in order, into a sink. */
    @FunctionalInterface
    interface FineRun {
        void run(int from, int to, SliceSink fine) throws IOException;
    }

    /**
     * Output slices [first, end) at {@code factor} of a series of {@code slices} acquired slices, made from the ×P run
     * {@code fine} (P = {@link #ladder}), clipped to [min, max], handed to {@code sink} in order.
     */
    static void stream(int factor, int slices, int sliceSize, float min, float max, int first, int end, Kernel kernel,
                       FineRun fine, SliceSink sink) throws IOException {
        stream(factor, ladder(factor), slices, sliceSize, min, max, first, end, kernel, fine, sink);
    }

    /** The same from a ×{@code p} run, any power of two (the measurement compares the ladders). */
    static void stream(int factor, int p, int slices, int sliceSize, float min, float max, int first, int end, Kernel kernel,
                       FineRun fine, SliceSink sink) throws IOException {
        if (first >= end) {
            return;
        }
        int fineLast = (slices - 1) * p;
        int from = Math.max(0, lowTap(first, factor, p, kernel));
        int to = Math.min(fineLast, highTap(end - 1, factor, p, kernel, fineLast)) + 1;
        Resampler resampler = new Resampler(factor, p, fineLast, sliceSize, min, max, first, end, kernel, sink);
        fine.run(from, to, resampler);
        resampler.emitThrough(to - 1);
    }

    /**
     * Takes the fine slices in order (with their disagreement, when the run reports it) and hands out each output slice
     * once every fine slice it reads has arrived. An output is written when the NEXT fine slice comes (or at the end),
     * because a fine slice's disagreement comes after the slice itself.
     */
    private static final class Resampler implements SliceSink {

        private final int factor;
        private final int p;
        private final int fineLast;
        private final int sliceSize;
        private final float min;
        private final float max;
        private final int end;
        private final Kernel kernel;
        private final SliceSink sink;
        /** The last four fine slices, by fine index mod 4: a cubic output reads k - 1 .. k + 2. */
        private final float[][] ring;
        private float[][] sdRing;
        private final float[] out;
        private float[] sdOut;
        private int next;

        Resampler(int factor, int p, int fineLast, int sliceSize, float min, float max, int first, int end, Kernel kernel, SliceSink sink) {
            this.factor = factor;
            this.p = p;
            this.fineLast = fineLast;
            this.sliceSize = sliceSize;
            this.min = min;
            this.max = max;
            this.end = end;
            this.kernel = kernel;
            this.sink = sink;
            this.ring = new float[4][sliceSize];
            this.out = new float[sliceSize];
            this.next = first;
        }

        @Override
        public void accept(int j, float[] hu) throws IOException {
            emitThrough(j - 1); // before slot j & 3 is overwritten: the outputs due now read j - 4 .. j - 1
            System.arraycopy(hu, 0, ring[j & 3], 0, sliceSize);
        }

        @Override
        public void acceptDisagreement(int j, float[] sdHu) {
            if (sdRing == null) {
                sdRing = new float[4][sliceSize];
                sdOut = new float[sliceSize];
            }
            System.arraycopy(sdHu, 0, sdRing[j & 3], 0, sliceSize);
        }

        /** Hands out every output whose last fine slice is at or before {@code j}. */
        void emitThrough(int j) throws IOException {
            while (next < end && highTap(next, factor, p, kernel, fineLast) <= j) {
                int i = next++;
                long q = (long) i * p;
                int k = (int) (q / factor);
                double u = (double) (q % factor) / factor;
                if (u == 0) {
                    sink.accept(i, ring[k & 3]);
                    if (sdRing != null) {
                        sink.acceptDisagreement(i, sdRing[k & 3]);
                    }
                    continue;
                }
                double[] w = kernel == Kernel.LINEAR ? new double[] {0, 1 - u, u, 0}
                        : new double[] {CubicInterpolator.kernel(1 + u), CubicInterpolator.kernel(u), CubicInterpolator.kernel(1 - u),
                        CubicInterpolator.kernel(2 - u)};
                float[][] taps = new float[4][];
                for (int t = 0; t < 4; t++) {
                    taps[t] = ring[Math.max(0, Math.min(fineLast, k + t - 1)) & 3];
                }
                for (int x = 0; x < sliceSize; x++) {
                    double v = w[0] * taps[0][x] + w[1] * taps[1][x] + w[2] * taps[2][x] + w[3] * taps[3][x];
                    out[x] = (float) Math.max(min, Math.min(max, v));
                }
                sink.accept(i, out);
                if (sdRing != null) {
                    // Linear between the two fine slices around the position, whatever the kernel: a spread is never
                    // negative, and the cubic's lobes could make it so.
                    float[] a = sdRing[k & 3];
                    float[] b = sdRing[Math.min(fineLast, k + 1) & 3];
                    for (int x = 0; x < sliceSize; x++) {
                        sdOut[x] = (float) ((1 - u) * a[x] + u * b[x]);
                    }
                    sink.acceptDisagreement(i, sdOut);
                }
            }
        }
    }

    /** Resamples a whole ×P volume onto the positions of {@code factor} (for measurement and the whole-volume path). */
    static Volume resample(Volume fineVolume, int p, io.thinslice.volume.Geometry thick, int factor, float min, float max, Kernel kernel) {
        int slices = (fineVolume.slices() - 1) / p + 1;
        int size = fineVolume.sliceSize();
        int count = Interpolator.outputSlices(slices, factor);
        float[] out = new float[count * size];
        try {
            stream(factor, p, slices, size, min, max, 0, count, kernel, (from, to, s) -> {
                for (int j = from; j < to; j++) {
                    s.accept(j, fineVolume.slice(j));
                }
            }, (i, hu) -> System.arraycopy(hu, 0, out, i * size, size));
        } catch (IOException e) {
            throw new AssertionError(e); // arrays only
        }
        return new Volume(out, count, fineVolume.rows(), fineVolume.columns(), thick.refinedAlongSlices(factor));
    }

    private static int lowTap(int i, int factor, int p, Kernel kernel) {
        long q = (long) i * p;
        int k = (int) (q / factor);
        // the cubic's left tap even for an acquired slice: the outputs after it read k - 1, and a slab must give what
        // the whole series gives
        return kernel == Kernel.LINEAR ? k : k - 1;
    }

    /** The last fine slice output {@code i} reads. */
    private static int highTap(int i, int factor, int p, Kernel kernel, int fineLast) {
        long q = (long) i * p;
        int k = (int) (q / factor);
        int high = q % factor == 0 ? k : kernel == Kernel.LINEAR ? k + 1 : k + 2;
        return Math.min(fineLast, high);
    }
}

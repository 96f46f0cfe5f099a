package io.thinslice.synthesis;

/**
 * Cubic convolution along the slice normal (Keys 1981, a = -0.5, i.e. Catmull-Rom): interpolating, so
 * acquired slices are reproduced; four acquired slices per synthesised one, edge slices repeated.
 */
public final class CubicInterpolator extends AlongSliceInterpolator {

    private static final double A = -0.5;

    @Override
    public String name() {
        return "cubic";
    }

    @Override
    public String version() {
        return "1";
    }

    @Override
    double[] weights(double u) {
        return new double[] {kernel(1 + u), kernel(u), kernel(1 - u), kernel(2 - u)};
    }

    @Override
    int leftTaps() {
        return 1;
    }

    @Override
    public int[] sourceSlices(int outputIndex, int factor, int inputSlices) {
        int k = outputIndex / factor;
        if (outputIndex % factor == 0) {
            return new int[] {k};
        }
        return java.util.stream.IntStream.rangeClosed(k - 1, k + 2)
                .map(i -> Math.max(0, Math.min(inputSlices - 1, i))).distinct().toArray();
    }

    static double kernel(double x) {
        x = Math.abs(x);
        if (x <= 1) {
            return (A + 2) * x * x * x - (A + 3) * x * x + 1;
        }
        if (x < 2) {
            return A * x * x * x - 5 * A * x * x + 8 * A * x - 4 * A;
        }
        return 0;
    }
}

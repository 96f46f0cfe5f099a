package io.thinslice.synthesis;

/** Linear interpolation along the slice normal between the two bracketing acquired slices. */
public final class LinearInterpolator extends AlongSliceInterpolator {

    @Override
    public String name() {
        return "linear";
    }

    @Override
    public String version() {
        return "1";
    }

    @Override
    double[] weights(double u) {
        return new double[] {1 - u, u};
    }

    @Override
    int leftTaps() {
        return 0;
    }
}

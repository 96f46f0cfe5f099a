package io.thinslice.volume;

/** Small 3-vector helpers for slice geometry. */
public final class Vectors {
    private Vectors() {
    }

    public static double[] cross(double[] a, double[] b) {
        return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    }

    public static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }

    public static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }
}

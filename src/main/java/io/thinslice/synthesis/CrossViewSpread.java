package io.thinslice.synthesis;

/**
 * The cross-view disagreement of the three-view model: per voxel, the population standard deviation of the axial,
 * coronal and sagittal predictions (divided by 3, not 2: the three views are all there is, not a sample of them).
 */
public final class CrossViewSpread {

    private CrossViewSpread() {
    }

    /** Writes into {@code out} the standard deviation of {@code a}, {@code b}, {@code c} per element (same units). */
    public static void of(float[] a, float[] b, float[] c, float[] out) {
        if (a.length != b.length || a.length != c.length || a.length != out.length) {
            throw new IllegalArgumentException("views of different sizes: " + a.length + ", " + b.length + ", " + c.length + " -> " + out.length);
        }
        for (int j = 0; j < out.length; j++) {
            double mean = ((double) a[j] + b[j] + c[j]) / 3;
            double da = a[j] - mean;
            double db = b[j] - mean;
            double dc = c[j] - mean;
            out[j] = (float) Math.sqrt((da * da + db * db + dc * dc) / 3);
        }
    }
}

package io.thinslice.studies;

/**
 * Deterministic 3-D random texture, sampled slice by slice: cubic-B-spline value noise on lattices of fixed size in
 * mm, with the lattice values hashed from a key and the lattice indices. Because the values depend only on the key
 * and the patient position, a spec with other spacing or another number of slices sees the same texture at the same
 * place, and every slice can be computed on its own (in parallel) with bit-identical results.
 *
 * <p>Two fields: {@link #smooth} (octaves of 18, 7 and 3 mm: the mottle of soft tissue, lung and fat) and
 * {@link #ridged} (bright sheets where a 2.4 + 1.2 mm noise crosses zero, longer along z: cut by a slice they make
 * the network of trabecular bone). Both are scaled to zero mean and about unit standard deviation.
 *
 * <p>The fields are point-sampled, so detail finer than the sampling would alias into noise that a real scanner's
 * partial-volume averaging removes. Hence octaves finer than two pixels (in-plane) or two thin slices (along z) are
 * faded out, and the thin ridges give way to their smooth base noise as pixels grow past 0.6 mm: at coarse sampling
 * trabecular bone shows as a mottle, as it does in CT.
 */
final class TextureField {
    private static final double[] SMOOTH_MM = {18, 7, 3};
    private static final double[] SMOOTH_WEIGHT = {0.75, 0.55, 0.37};
    private static final double[] RIDGED_MM = {2.4, 1.2};
    private static final double[] RIDGED_WEIGHT = {0.85, 0.53};
    /** Trabeculae of weight-bearing bone run mostly along the body's long axis: the ridged lattice is longer along z. */
    private static final double RIDGED_Z_STRETCH = 1.6;
    /** Standard deviation of one octave of B-spline value noise with lattice values uniform in [−1, 1]. */
    private static final double OCTAVE_SD = Math.sqrt(Math.pow(0.4794, 3) / 3);
    private static final double RIDGE_WIDTH = 0.45;
    // Mean and standard deviation of exp(−(n / RIDGE_WIDTH)²) for n the unit ridged base noise, measured.
    private static final double RIDGE_MEAN = 0.303;
    private static final double RIDGE_SD = 0.357;

    private final long[] smoothKeys = new long[SMOOTH_MM.length];
    private final long[] ridgedKeys = new long[RIDGED_MM.length];
    private final double[] smoothWeight = new double[SMOOTH_MM.length];
    private final double[] ridgedWeight = new double[RIDGED_MM.length];
    private final double ridgeShare;

    /** A texture for slices of {@code pixelMm} pixels, {@code thinMm} apart. */
    TextureField(long key, double pixelMm, double thinMm) {
        for (int i = 0; i < smoothKeys.length; i++) {
            smoothKeys[i] = mix(key + 0x100 + i);
            smoothWeight[i] = SMOOTH_WEIGHT[i] / OCTAVE_SD * resolvable(SMOOTH_MM[i], SMOOTH_MM[i], pixelMm, thinMm);
        }
        for (int i = 0; i < ridgedKeys.length; i++) {
            ridgedKeys[i] = mix(key + 0x200 + i);
            ridgedWeight[i] = RIDGED_WEIGHT[i] / OCTAVE_SD
                    * resolvable(RIDGED_MM[i], RIDGED_MM[i] * RIDGED_Z_STRETCH, pixelMm, thinMm);
        }
        ridgeShare = Math.max(0, Math.min(1, (1.1 - pixelMm) / 0.5));
    }

    /** 1 for an octave at least two samples per lattice step in-plane and along z, fading to 0 at one. */
    private static double resolvable(double stepMm, double zStepMm, double pixelMm, double thinMm) {
        return Math.max(0, Math.min(1, stepMm / pixelMm - 1)) * Math.max(0, Math.min(1, zStepMm / thinMm - 1));
    }

    /** Adds the smooth field × {@code p.smooth} and the ridged field × {@code p.ridged} to {@code p.hu}, into {@code out}. */
    void apply(SlicePainter p, float[] out, int offset, double[] scratchA, double[] scratchB) {
        int n = p.rows * p.columns;
        boolean anySmooth = false;
        boolean anyRidged = false;
        for (int i = 0; i < n; i++) {
            anySmooth |= p.smooth[i] != 0;
            anyRidged |= p.ridged[i] != 0;
        }
        if (anySmooth) {
            smooth(p, scratchA);
        }
        if (anyRidged) {
            ridged(p, scratchB);
        }
        for (int i = 0; i < n; i++) {
            double v = p.hu[i];
            if (anySmooth) {
                v += p.smooth[i] * scratchA[i];
            }
            if (anyRidged) {
                v += p.ridged[i] * scratchB[i];
            }
            out[offset + i] = (float) v;
        }
    }

    void smooth(SlicePainter p, double[] out) {
        java.util.Arrays.fill(out, 0, p.rows * p.columns, 0);
        for (int o = 0; o < SMOOTH_MM.length; o++) {
            addOctave(p, out, smoothWeight[o], SMOOTH_MM[o], SMOOTH_MM[o], smoothKeys[o]);
        }
    }

    void ridged(SlicePainter p, double[] out) {
        int n = p.rows * p.columns;
        java.util.Arrays.fill(out, 0, n, 0);
        for (int o = 0; o < RIDGED_MM.length; o++) {
            addOctave(p, out, ridgedWeight[o], RIDGED_MM[o], RIDGED_MM[o] * RIDGED_Z_STRETCH, ridgedKeys[o]);
        }
        if (ridgeShare > 0) {
            for (int i = 0; i < n; i++) {
                double u = out[i] / RIDGE_WIDTH;
                double ridge = (Math.exp(-u * u) - RIDGE_MEAN) / RIDGE_SD;
                out[i] = ridgeShare * ridge + (1 - ridgeShare) * out[i];
            }
        }
    }

    /** Adds {@code weight} × one octave of value noise with lattice step {@code stepMm} in-plane, {@code zStepMm} along z. */
    private static void addOctave(SlicePainter p, double[] out, double weight, double stepMm, double zStepMm, long key) {
        int rows = p.rows;
        int columns = p.columns;
        // Lattice offsets from the key, so octaves and fields do not share lattice planes.
        if (weight == 0) {
            return;
        }
        double ox = (mix(key ^ 0x5851F42D4C957F2DL) >>> 40) * stepMm / (1 << 24) * 97;
        double oy = (mix(key ^ 0x14057B7EF767814FL) >>> 40) * stepMm / (1 << 24) * 89;
        double oz = (mix(key ^ 0x2545F4914F6CDD1DL) >>> 40) * zStepMm / (1 << 24) * 83;
        double gz = (p.z() + oz) / zStepMm;
        long k0 = (long) Math.floor(gz);
        double[] wz = bspline(gz - k0);

        int[] colIndex = new int[columns];
        double[][] wx = new double[columns][];
        long i0 = (long) Math.floor((p.x0 + ox) / stepMm) - 1;
        int ni = 0;
        for (int c = 0; c < columns; c++) {
            double g = (p.x0 + c * p.pixelMm + ox) / stepMm;
            long fl = (long) Math.floor(g);
            colIndex[c] = (int) (fl - 1 - i0);
            wx[c] = bspline(g - fl);
            ni = Math.max(ni, colIndex[c] + 4);
        }
        int[] rowIndex = new int[rows];
        double[][] wy = new double[rows][];
        long j0 = (long) Math.floor((p.y0 + oy) / stepMm) - 1;
        int nj = 0;
        for (int r = 0; r < rows; r++) {
            double g = (p.y0 + r * p.pixelMm + oy) / stepMm;
            long fl = (long) Math.floor(g);
            rowIndex[r] = (int) (fl - 1 - j0);
            wy[r] = bspline(g - fl);
            nj = Math.max(nj, rowIndex[r] + 4);
        }
        // The lattice plane at this z (B-spline along z), then along x for every column, then along y.
        double[] plane = new double[nj * ni];
        for (int j = 0; j < nj; j++) {
            for (int i = 0; i < ni; i++) {
                double s = 0;
                for (int m = 0; m < 4; m++) {
                    s += wz[m] * lattice(key, i0 + i, j0 + j, k0 - 1 + m);
                }
                plane[j * ni + i] = s;
            }
        }
        double[] alongX = new double[nj * columns];
        for (int j = 0; j < nj; j++) {
            for (int c = 0; c < columns; c++) {
                int base = j * ni + colIndex[c];
                double[] w = wx[c];
                alongX[j * columns + c] = w[0] * plane[base] + w[1] * plane[base + 1] + w[2] * plane[base + 2] + w[3] * plane[base + 3];
            }
        }
        for (int r = 0; r < rows; r++) {
            double[] w = wy[r];
            int base = rowIndex[r] * columns;
            int o = r * columns;
            for (int c = 0; c < columns; c++) {
                out[o + c] += weight * (w[0] * alongX[base + c] + w[1] * alongX[base + columns + c]
                        + w[2] * alongX[base + 2 * columns + c] + w[3] * alongX[base + 3 * columns + c]);
            }
        }
    }

    /** Uniform cubic B-spline weights of the four lattice points around fraction {@code t}. */
    private static double[] bspline(double t) {
        double u = 1 - t;
        return new double[] {u * u * u / 6, (3 * t * t * t - 6 * t * t + 4) / 6, (-3 * t * t * t + 3 * t * t + 3 * t + 1) / 6, t * t * t / 6};
    }

    /** A lattice value in [−1, 1), a pure function of the key and the indices. */
    private static double lattice(long key, long i, long j, long k) {
        long h = mix(key + i * 0x9E3779B97F4A7C15L);
        h = mix(h + j * 0xC2B2AE3D27D4EB4FL);
        h = mix(h + k * 0x165667B19E3779F9L);
        return (h >>> 11) * 0x1.0p-52 - 1;
    }

    /** SplitMix64's finaliser. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}

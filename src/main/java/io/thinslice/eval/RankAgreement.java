package io.thinslice.eval;

import java.util.Arrays;

/**
 * Does an uncertainty map point at the error? Per voxel pairs (uncertainty u, absolute error e): Spearman's rank
 * correlation of u and e, and the mean error of the 5 % most uncertain voxels against the mean error of the rest.
 */
public final class RankAgreement {

    /** Share of voxels counted as "most uncertain". */
    public static final double TOP_SHARE = 0.05;

    /**
     * @param spearman    Spearman's rank correlation of uncertainty and error (ties get their mean rank); NaN when either
     *                    is constant
     * @param topMeanError  mean error of the ⌈5 %⌉ most uncertain voxels
     * @param restMeanError mean error of the others
     */
    public record Result(long voxels, double spearman, double topMeanError, double restMeanError, double meanUncertainty) {

        /** How many times larger the error is where the model is most unsure. */
        public double ratio() {
            return topMeanError / restMeanError;
        }
    }

    private RankAgreement() {
    }

    public static Result of(float[] uncertainty, float[] error) {
        int n = uncertainty.length;
        if (n != error.length || n < 2) {
            throw new IllegalArgumentException("need the same number (>= 2) of uncertainty and error values: " + n + ", " + error.length);
        }
        long[] byU = sortedKeys(uncertainty);
        double[] ru = ranks(byU, uncertainty);
        double[] re = ranks(sortedKeys(error), error);
        double rho = pearson(ru, re);
        int top = (int) Math.ceil(TOP_SHARE * n);
        double topSum = 0;
        double restSum = 0;
        double uSum = 0;
        // byU ascends; its last `top` entries are the most uncertain (ties at the cut: lower voxel index first, a fixed rule)
        for (int r = 0; r < n; r++) {
            int i = (int) byU[r];
            if (r >= n - top) {
                topSum += error[i];
            } else {
                restSum += error[i];
            }
            uSum += uncertainty[i];
        }
        return new Result(n, rho, topSum / top, restSum / (n - top), uSum / n);
    }

    /** Indices of {@code v} in ascending value order (ties by index), packed as (order-preserving value bits, index). */
    private static long[] sortedKeys(float[] v) {
        long[] keys = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            if (Float.isNaN(v[i])) {
                throw new IllegalArgumentException("NaN at " + i);
            }
            int bits = Float.floatToIntBits(v[i] == 0f ? 0f : v[i]); // -0 and 0 tie
            bits ^= (bits >> 31) & 0x7fffffff; // negative floats: reverse their order, so signed int order is float order
            keys[i] = ((long) bits << 32) | i;
        }
        Arrays.sort(keys);
        return keys;
    }

    /** 1-based ranks, ties sharing their mean rank. */
    private static double[] ranks(long[] sorted, float[] v) {
        int n = sorted.length;
        double[] rank = new double[n];
        int start = 0;
        while (start < n) {
            int end = start + 1;
            float value = v[(int) sorted[start]];
            while (end < n && v[(int) sorted[end]] == value) {
                end++;
            }
            double mean = (start + 1 + end) / 2.0;
            for (int r = start; r < end; r++) {
                rank[(int) sorted[r]] = mean;
            }
            start = end;
        }
        return rank;
    }

    private static double pearson(double[] a, double[] b) {
        int n = a.length;
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < n; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= n;
        mb /= n;
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < n; i++) {
            double da = a[i] - ma;
            double db = b[i] - mb;
            sab += da * db;
            saa += da * da;
            sbb += db * db;
        }
        return saa == 0 || sbb == 0 ? Double.NaN : sab / Math.sqrt(saa * sbb);
    }
}

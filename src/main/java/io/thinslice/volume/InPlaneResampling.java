package io.thinslice.volume;

import java.util.Arrays;

/**
 * Pseudo-volumes whose slice axis is an in-plane axis of acquired slices, resampled to a chosen spacing: the
 * self-supervision of SMORE (Zhao et al.) and SR4ZCT (Shi et al. 2024). A thick series is fine in-plane and coarse
 * along z; its in-plane axes show what the missing through-plane detail looks like at any spacing, with a truth.
 *
 * <p>Pseudo-volume layout, (z, y, x): z runs along the chosen in-plane axis of the source slices at {@code spacing}
 * mm, y is the source slice (one per index given), x the other in-plane axis at its own pixel spacing. Its coronal
 * planes (fixed y) are therefore one source slice each, with the resampled axis where a coronal plane has z. Each
 * pseudo slice j is the mean of the source profile, linearly interpolated between pixel centres, over
 * [c_j − spacing/2, c_j + spacing/2], c_j = spacing/2 + j·spacing from the first pixel centre: a thin slice
 * integrates over its thickness. Degrading it further to thick slices is {@link ThickSimulation}'s job.
 */
public final class InPlaneResampling {

    /** Which in-plane axis becomes the pseudo-volume's slice axis. */
    public enum Axis {
        /** y (down the columns, Pixel Spacing value 1) becomes z; x stays x. */
        ROWS,
        /** x (along the rows, Pixel Spacing value 2) becomes z; y becomes x. */
        COLUMNS
    }

    private InPlaneResampling() {
    }

    /** How many pseudo slices a profile of {@code pixels} samples {@code pixelSpacing} apart gives at {@code spacing}. */
    public static int samples(int pixels, double pixelSpacing, double spacing) {
        double length = (pixels - 1) * pixelSpacing;
        return length < spacing ? 0 : (int) Math.floor((length - spacing) / spacing + 1e-9) + 1;
    }

    /**
     * @param v       source volume, HU
     * @param slices  indices of the source slices to use, in the order they get in the pseudo-volume
     * @param axis    the in-plane axis that becomes z
     * @param spacing mm between pseudo slices (positive)
     * @throws IllegalArgumentException if the axis is shorter than one pseudo slice or no slice is given
     */
    public static Volume resample(Volume v, int[] slices, Axis axis, double spacing) {
        if (!(spacing > 0) || slices.length == 0) {
            throw new IllegalArgumentException("need a positive spacing and at least one slice");
        }
        Geometry g = v.geometry();
        boolean rows = axis == Axis.ROWS;
        int length = rows ? v.rows() : v.columns();
        int across = rows ? v.columns() : v.rows();
        double pixel = rows ? g.rowSpacing() : g.columnSpacing();
        double acrossSpacing = rows ? g.columnSpacing() : g.rowSpacing();
        int n = samples(length, pixel, spacing);
        if (n < 1) {
            throw new IllegalArgumentException("in-plane axis of " + length + " pixels of " + pixel + " mm is shorter than " + spacing + " mm");
        }
        // Quadrature points per pseudo slice: midpoint rule, at least 4 per source pixel covered.
        int q = Math.max(4, (int) Math.ceil(4 * spacing / pixel));
        int[] lo = new int[n * q];
        float[] frac = new float[n * q];
        for (int j = 0; j < n; j++) {
            double start = j * spacing; // c_j − spacing/2, mm from the first pixel centre
            for (int t = 0; t < q; t++) {
                double u = Math.min(length - 1, (start + (t + 0.5) * spacing / q) / pixel);
                int i = Math.min(length - 2, (int) Math.floor(u));
                lo[j * q + t] = Math.max(0, i);
                frac[j * q + t] = length == 1 ? 0f : (float) (u - Math.max(0, i));
            }
        }
        float[] out = new float[n * slices.length * across];
        float[] line = new float[length];
        float[] src = v.voxels();
        int w = v.columns();
        for (int s = 0; s < slices.length; s++) {
            int base = slices[s] * v.sliceSize();
            for (int a = 0; a < across; a++) {
                for (int i = 0; i < length; i++) {
                    line[i] = rows ? src[base + i * w + a] : src[base + a * w + i];
                }
                for (int j = 0; j < n; j++) {
                    double sum = 0;
                    for (int t = 0; t < q; t++) {
                        int i = lo[j * q + t];
                        float f = frac[j * q + t];
                        float next = length == 1 ? line[i] : line[i + 1];
                        sum += line[i] + f * (next - line[i]);
                    }
                    out[(j * slices.length + s) * across + a] = (float) (sum / q);
                }
            }
        }
        Geometry pseudo = new Geometry(new double[3], new double[] {1, 0, 0}, new double[] {0, 1, 0}, g.sliceSpacing(),
                acrossSpacing, spacing);
        return new Volume(out, n, slices.length, across, pseudo);
    }

    /** All slice indices of {@code v}, in order. */
    public static int[] allSlices(Volume v) {
        int[] all = new int[v.slices()];
        Arrays.setAll(all, i -> i);
        return all;
    }
}

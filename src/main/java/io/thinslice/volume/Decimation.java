package io.thinslice.volume;

import java.util.Arrays;

/**
 * Makes a thick-slice volume out of a thin-slice one, as a scanner reconstructing thicker slices would.
 *
 * <p>Volumes are HU values in (z, y, x) order; the in-plane grid is kept unchanged and only the slice axis is
 * thinned out. Geometry stays in mm: the new slice spacing is the thin spacing × {@code factor} and the origin is
 * moved to where the first thick slice lies. Inputs are never modified.
 */
public final class Decimation {
    private Decimation() {
    }

    /**
     * Keeps thin slices {@code offset, offset + factor, offset + 2·factor, ...} (while they exist).
     *
     * @param thin   thin-slice volume, HU, (z, y, x)
     * @param factor keep one slice in {@code factor} (≥ 1; 1 copies the volume)
     * @param offset index of the first kept slice (≥ 0, below the slice count)
     * @return a volume whose slice 0 lies at thin slice {@code offset} and whose slice spacing is {@code factor} ×
     *         the thin spacing, mm
     * @throws IllegalArgumentException if {@code factor < 1}, {@code offset < 0} or no slice would be kept
     */
    public static Volume keepEveryNth(Volume thin, int factor, int offset) {
        checkFactor(factor);
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0, got " + offset);
        }
        if (offset >= thin.slices()) {
            throw new IllegalArgumentException("offset " + offset + " leaves no slice: the volume has only "
                    + thin.slices() + " slice(s)");
        }
        int count = (thin.slices() - offset + factor - 1) / factor;
        int size = thin.sliceSize();
        float[] src = thin.voxels();
        float[] out = new float[count * size];
        for (int k = 0; k < count; k++) {
            System.arraycopy(src, (offset + k * factor) * size, out, k * size, size);
        }
        return new Volume(out, count, thin.rows(), thin.columns(), thickGeometry(thin.geometry(), offset, factor));
    }

    /**
     * Averages each run of {@code factor} consecutive thin slices into one thick slice (a slab mean), as a
     * thick-slice reconstruction would. Slab {@code k} covers thin slices {@code k·factor ... k·factor + factor − 1}
     * and lies at their centre; thin slices left over at the end (fewer than {@code factor}) are dropped.
     *
     * @param thin   thin-slice volume, HU, (z, y, x)
     * @param factor thin slices per thick slice (≥ 1; 1 copies the volume)
     * @return a volume of {@code slices / factor} slices, HU, whose slice 0 lies at the centre of the first slab and
     *         whose slice spacing is {@code factor} × the thin spacing, mm
     * @throws IllegalArgumentException if {@code factor < 1} or the volume has fewer than {@code factor} slices
     */
    public static Volume slabAverage(Volume thin, int factor) {
        checkFactor(factor);
        int count = thin.slices() / factor;
        if (count < 1) {
            throw new IllegalArgumentException("slab of " + factor + " slices does not fit: the volume has only "
                    + thin.slices() + " slice(s)");
        }
        int size = thin.sliceSize();
        float[] src = thin.voxels();
        float[] out = new float[count * size];
        double[] sum = new double[size];
        for (int k = 0; k < count; k++) {
            Arrays.fill(sum, 0);
            for (int j = 0; j < factor; j++) {
                int base = (k * factor + j) * size;
                for (int i = 0; i < size; i++) {
                    sum[i] += src[base + i];
                }
            }
            int outBase = k * size;
            for (int i = 0; i < size; i++) {
                out[outBase + i] = (float) (sum[i] / factor);
            }
        }
        return new Volume(out, count, thin.rows(), thin.columns(),
                thickGeometry(thin.geometry(), (factor - 1) / 2.0, factor));
    }

    private static void checkFactor(int factor) {
        if (factor < 1) {
            throw new IllegalArgumentException("decimation factor must be >= 1, got " + factor);
        }
    }

    /** The thin geometry with its origin moved to (fractional) thin slice {@code firstIndex} and spacing × factor. */
    private static Geometry thickGeometry(Geometry g, double firstIndex, int factor) {
        return new Geometry(g.positionOf(firstIndex), g.rowDirection(), g.columnDirection(), g.rowSpacing(),
                g.columnSpacing(), g.sliceSpacing() * factor);
    }
}

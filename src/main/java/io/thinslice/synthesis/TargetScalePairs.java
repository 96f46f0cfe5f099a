package io.thinslice.synthesis;

import io.thinslice.volume.Geometry;
import io.thinslice.volume.InPlaneResampling;
import io.thinslice.volume.ThickSimulation;
import io.thinslice.volume.Volume;
import java.util.List;
import java.util.Random;

/**
 * Training pairs for the plane network at the scale it will work at (SMORE, SR4ZCT): a window of an acquired slice
 * has one in-plane axis resampled to the target spacing (the "thin truth", {@link InPlaneResampling}) and then
 * degraded to the thick spacing and slice profile ({@link ThickSimulation}: decimation or slab averaging). The
 * network sees exactly what a coronal or sagittal plane of a thick series looks like at that spacing, with a truth
 * that a thick series never has along z.
 *
 * <p>A batch is (planes, lines, columns) in the networks' unit range: {@code thick} has {@code zin} columns at the
 * thick spacing, {@code thin} the {@code (zin − 1)·factor + 1} columns at the target spacing, column i·factor of
 * {@code thin} lying on thick column i. All planes of a batch come from one source volume and in-plane axis.
 */
final class TargetScalePairs {

    /** One batch; {@code spacing} is the target spacing used, mm. */
    record Batch(float[] thick, float[] thin, int planes, int lines, int zin, int factor, double spacing, ThickSimulation.Mode mode) {

        int thinColumns() {
            return (zin - 1) * factor + 1;
        }
    }

    private TargetScalePairs() {
    }

    /**
     * Draws one batch.
     *
     * @param sources   volumes whose slices are cut (any number of slices; single slices are fine)
     * @param slices    per source, the slice indices that may be used (null: all)
     * @param factor    2, 4 or 8 (the networks' ×2 levels)
     * @param maxZin    thick columns per plane at most (fewer where the slice is too short), at least 3
     * @return null when no source is long enough for 3 thick columns at the drawn spacing
     */
    static Batch sample(List<Volume> sources, List<int[]> slices, Random random, int planes, int lines, int maxZin, int factor,
                        InPlaneScale scale) {
        int vi = random.nextInt(sources.size());
        Volume v = sources.get(vi);
        int[] allowed = slices == null || slices.get(vi) == null ? InPlaneResampling.allSlices(v) : slices.get(vi);
        double spacing = scale.minSpacing() == scale.maxSpacing() ? scale.minSpacing()
                : scale.minSpacing() * Math.pow(scale.maxSpacing() / scale.minSpacing(), random.nextDouble());
        ThickSimulation.Mode mode = random.nextDouble() < scale.slabShare() ? ThickSimulation.Mode.SLAB : ThickSimulation.Mode.DECIMATE;
        boolean rows = random.nextBoolean();
        InPlaneResampling.Axis axis = rows ? InPlaneResampling.Axis.ROWS : InPlaneResampling.Axis.COLUMNS;
        Geometry g = v.geometry();
        double pixel = rows ? g.rowSpacing() : g.columnSpacing();
        int length = rows ? v.rows() : v.columns();
        int across = rows ? v.columns() : v.rows();
        int margin = mode == ThickSimulation.Mode.SLAB ? factor / 2 : 0;
        int available = InPlaneResampling.samples(length, pixel, spacing);
        int zin = Math.min(maxZin, (available - 1 - 2 * margin) / factor + 1);
        if (zin < 3 || allowed.length == 0) {
            return null;
        }
        int thinNeeded = (zin - 1) * factor + 1 + 2 * margin;
        int window = Math.min(length, (int) Math.ceil(thinNeeded * spacing / pixel) + 2);
        while (InPlaneResampling.samples(window, pixel, spacing) < thinNeeded) {
            window++;
        }
        int n = Math.min(lines, across);
        int thinColumns = (zin - 1) * factor + 1;
        float[] thick = new float[planes * n * zin];
        float[] thin = new float[planes * n * thinColumns];
        for (int p = 0; p < planes; p++) {
            int k = allowed[random.nextInt(allowed.length)];
            int a0 = random.nextInt(length - window + 1);
            int b0 = random.nextInt(across - n + 1);
            boolean flipZ = random.nextBoolean();
            boolean flipN = random.nextBoolean();
            Volume cut = cut(v, k, rows, a0, window, b0, n);
            Volume pseudo = InPlaneResampling.resample(cut, new int[] {0}, axis, spacing);
            ThickSimulation.Case c = ThickSimulation.simulate(pseudo, mode, factor);
            float[] t = c.thick().voxels(); // (count, 1, n)
            float[] u = c.truth().voxels(); // ((count − 1)·f + 1, 1, n)
            for (int j = 0; j < n; j++) {
                int line = flipN ? n - 1 - j : j;
                for (int z = 0; z < zin; z++) {
                    int src = flipZ ? zin - 1 - z : z;
                    thick[(p * n + j) * zin + z] = Normalisation.toUnit(t[src * n + line]);
                }
                for (int z = 0; z < thinColumns; z++) {
                    int src = flipZ ? thinColumns - 1 - z : z;
                    thin[(p * n + j) * thinColumns + z] = Normalisation.toUnit(u[src * n + line]);
                }
            }
        }
        return new Batch(thick, thin, planes, n, zin, factor, spacing, mode);
    }

    /** A one-slice volume: {@code window} pixels along the resampled axis from a0, {@code n} across from b0. */
    private static Volume cut(Volume v, int k, boolean rows, int a0, int window, int b0, int n) {
        int h = rows ? window : n;
        int w = rows ? n : window;
        float[] out = new float[h * w];
        float[] src = v.voxels();
        int base = k * v.sliceSize();
        int y0 = rows ? a0 : b0;
        int x0 = rows ? b0 : a0;
        for (int y = 0; y < h; y++) {
            System.arraycopy(src, base + (y0 + y) * v.columns() + x0, out, y * w, w);
        }
        Geometry g = v.geometry();
        Geometry cg = new Geometry(new double[3], g.rowDirection(), g.columnDirection(), g.rowSpacing(), g.columnSpacing(), g.sliceSpacing());
        return new Volume(out, 1, h, w, cg);
    }
}

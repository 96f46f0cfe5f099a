package io.thinslice.volume;

import java.io.IOException;

/**
 * A {@link ThickSeries} that holds no pixels: every read goes back to the instances through a {@link PixelSource}
 * (the node's spooled files) and rescales to HU exactly as {@link VolumeBuilder#load} does, so a slab read here equals
 * the same slices of the loaded volume bit for bit. Memory is what the caller asks for at a time, whatever the slice
 * count. Opening reads every slice once for the series' HU range (and to refuse a short slice before synthesis starts).
 */
public final class SpooledSeries implements ThickSeries {

    private final SliceStack stack;
    private final PixelSource pixels;
    private final float min;
    private final float max;

    private SpooledSeries(SliceStack stack, PixelSource pixels, float min, float max) {
        this.stack = stack;
        this.pixels = pixels;
        this.min = min;
        this.max = max;
    }

    /**
     * @throws IOException a slice cannot be read or has fewer pixels than Rows × Columns (the message of
     *                     {@link VolumeBuilder#load})
     */
    public static SpooledSeries open(SliceStack stack, PixelSource pixels) throws IOException {
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        float[] hu = new float[stack.rows() * stack.columns()];
        for (SliceHeader s : stack.slices()) {
            VolumeBuilder.readHu(s, pixels, hu, 0);
            for (float v : hu) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        return new SpooledSeries(stack, pixels, lo, hi);
    }

    @Override
    public int slices() {
        return stack.slices().size();
    }

    @Override
    public int rows() {
        return stack.rows();
    }

    @Override
    public int columns() {
        return stack.columns();
    }

    @Override
    public Geometry geometry() {
        return stack.geometry();
    }

    @Override
    public float minHu() {
        return min;
    }

    @Override
    public float maxHu() {
        return max;
    }

    @Override
    public Volume read(int from, int to) throws IOException {
        if (from < 0 || to > slices() || from >= to) {
            throw new IllegalArgumentException("slices [" + from + ", " + to + ") of " + slices());
        }
        int[] indices = new int[to - from];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = from + i;
        }
        Geometry g = geometry();
        return stacked(indices, new Geometry(g.positionOf(from), g.rowDirection(), g.columnDirection(), g.rowSpacing(),
                g.columnSpacing(), g.sliceSpacing()));
    }

    @Override
    public Volume pick(int[] indices) throws IOException {
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] < 0 || indices[i] >= slices() || (i > 0 && indices[i] <= indices[i - 1])) {
                throw new IllegalArgumentException("slice indices must be ascending within [0, " + slices() + ")");
            }
        }
        return stacked(indices, geometry());
    }

    private Volume stacked(int[] indices, Geometry geometry) throws IOException {
        int size = rows() * columns();
        float[] voxels = new float[indices.length * size];
        for (int i = 0; i < indices.length; i++) {
            VolumeBuilder.readHu(stack.slices().get(indices[i]), pixels, voxels, i * size);
        }
        return new Volume(voxels, indices.length, rows(), columns(), geometry);
    }
}

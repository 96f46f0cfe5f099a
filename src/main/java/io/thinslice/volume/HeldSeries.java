package io.thinslice.volume;

/** A {@link ThickSeries} held whole in memory (tests, evaluation, the CLI's whole-volume paths). */
final class HeldSeries implements ThickSeries {

    private final Volume volume;
    private final float min;
    private final float max;

    HeldSeries(Volume volume) {
        this.volume = volume;
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (float v : volume.voxels()) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        this.min = lo;
        this.max = hi;
    }

    @Override
    public int slices() {
        return volume.slices();
    }

    @Override
    public int rows() {
        return volume.rows();
    }

    @Override
    public int columns() {
        return volume.columns();
    }

    @Override
    public Geometry geometry() {
        return volume.geometry();
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
    public Volume read(int from, int to) {
        return from == 0 && to == volume.slices() ? volume : volume.slices(from, to);
    }

    @Override
    public Volume pick(int[] indices) {
        if (isAll(indices)) {
            return volume;
        }
        int size = volume.sliceSize();
        float[] out = new float[indices.length * size];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(volume.voxels(), indices[i] * size, out, i * size, size);
        }
        return new Volume(out, indices.length, volume.rows(), volume.columns(), volume.geometry());
    }

    private boolean isAll(int[] indices) {
        if (indices.length != volume.slices()) {
            return false;
        }
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] != i) {
                return false;
            }
        }
        return true;
    }
}

package io.thinslice.volume;

/**
 * A CT volume in Hounsfield units.
 *
 * <p>Voxels are stored in one array in (z, y, x) order: index = (slice * rows + row) * columns + column, where
 * slice 0 lies at {@link Geometry#origin()} and slices follow the slice normal. The array is owned by the volume;
 * callers must not modify what {@link #voxels()} returns unless they created the volume.
 *
 * @param voxels  HU values, (z, y, x)
 * @param slices  number of slices (z)
 * @param rows    rows per slice (y)
 * @param columns columns per slice (x)
 * @param geometry where the stack lies in patient space
 */
public record Volume(float[] voxels, int slices, int rows, int columns, Geometry geometry) {

    public Volume {
        if (slices < 1 || rows < 1 || columns < 1) {
            throw new IllegalArgumentException("empty volume " + slices + "x" + rows + "x" + columns);
        }
        if ((long) slices * rows * columns != voxels.length) {
            throw new IllegalArgumentException("voxel count " + voxels.length + " does not match " + slices + "x" + rows + "x" + columns);
        }
    }

    public int sliceSize() {
        return rows * columns;
    }

    public float at(int slice, int row, int column) {
        return voxels[(slice * rows + row) * columns + column];
    }

    /** A copy of one slice, (y, x). */
    public float[] slice(int index) {
        float[] out = new float[sliceSize()];
        System.arraycopy(voxels, index * sliceSize(), out, 0, sliceSize());
        return out;
    }

    /** A copy of slices [from, to), with its geometry starting at slice {@code from}. */
    public Volume slices(int from, int to) {
        if (from < 0 || to > slices || from >= to) {
            throw new IllegalArgumentException("slices [" + from + ", " + to + ") of " + slices);
        }
        float[] out = new float[(to - from) * sliceSize()];
        System.arraycopy(voxels, from * sliceSize(), out, 0, out.length);
        Geometry g = new Geometry(geometry.positionOf(from), geometry.rowDirection(), geometry.columnDirection(),
                geometry.rowSpacing(), geometry.columnSpacing(), geometry.sliceSpacing());
        return new Volume(out, to - from, rows, columns, g);
    }
}

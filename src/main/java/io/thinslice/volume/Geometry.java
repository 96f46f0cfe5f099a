package io.thinslice.volume;

import java.util.Arrays;

/**
 * Where a stack of axial-like slices lies in DICOM patient space (LPS, mm).
 *
 * @param origin        Image Position (Patient) of the first slice (index 0), x/y/z in mm
 * @param rowDirection  unit vector along a row (direction of increasing column index), first half of Image Orientation
 * @param columnDirection unit vector down a column (increasing row index), second half of Image Orientation
 * @param rowSpacing    distance between centres of adjacent rows, mm (Pixel Spacing value 1)
 * @param columnSpacing distance between centres of adjacent columns, mm (Pixel Spacing value 2)
 * @param sliceSpacing  centre-to-centre distance between slices along the normal, mm (positive)
 */
public record Geometry(double[] origin, double[] rowDirection, double[] columnDirection,
                       double rowSpacing, double columnSpacing, double sliceSpacing) {

    public Geometry {
        origin = origin.clone();
        rowDirection = rowDirection.clone();
        columnDirection = columnDirection.clone();
        if (!(rowSpacing > 0) || !(columnSpacing > 0) || !(sliceSpacing > 0)) {
            throw new IllegalArgumentException("spacings must be positive");
        }
    }

    /** An axial geometry (rows along +x, columns along +y, slices along +z), as phantoms use. */
    public static Geometry axial(double[] origin, double pixelSpacing, double sliceSpacing) {
        return new Geometry(origin, new double[] {1, 0, 0}, new double[] {0, 1, 0}, pixelSpacing, pixelSpacing, sliceSpacing);
    }

    /** Slice normal: row direction × column direction; slice positions increase along it. */
    public double[] normal() {
        return Vectors.cross(rowDirection, columnDirection);
    }

    /** Image Position (Patient) of slice {@code index} (fractional indices allowed). */
    public double[] positionOf(double index) {
        double[] n = normal();
        double d = index * sliceSpacing;
        return new double[] {origin[0] + d * n[0], origin[1] + d * n[1], origin[2] + d * n[2]};
    }

    /** The same stack resampled so that slices are {@code sliceSpacing / factor} apart, starting at the same origin. */
    public Geometry refinedAlongSlices(int factor) {
        return new Geometry(origin, rowDirection, columnDirection, rowSpacing, columnSpacing, sliceSpacing / factor);
    }

    @Override
    public double[] origin() {
        return origin.clone();
    }

    @Override
    public double[] rowDirection() {
        return rowDirection.clone();
    }

    @Override
    public double[] columnDirection() {
        return columnDirection.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Geometry g && Arrays.equals(origin, g.origin) && Arrays.equals(rowDirection, g.rowDirection)
                && Arrays.equals(columnDirection, g.columnDirection) && rowSpacing == g.rowSpacing
                && columnSpacing == g.columnSpacing && sliceSpacing == g.sliceSpacing;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(origin) * 31 + Double.hashCode(sliceSpacing);
    }

    @Override
    public String toString() {
        return "Geometry[origin=" + Arrays.toString(origin) + ", row=" + Arrays.toString(rowDirection) + ", col="
                + Arrays.toString(columnDirection) + ", spacing=" + rowSpacing + "x" + columnSpacing + "x" + sliceSpacing + "]";
    }
}

package io.thinslice.studies;

/**
 * Size, sampling and seed of a synthetic thin-slice CT phantom (see {@link PhantomGenerator}).
 *
 * @param rows           rows per slice (y), at least 8
 * @param columns        columns per slice (x), at least 8
 * @param thinSlices     number of thin slices (z), at least 1
 * @param pixelSpacingMm in-plane pixel spacing, mm (positive)
 * @param thinSpacingMm  centre-to-centre distance of the thin slices, mm (positive)
 * @param seed           seed of the random parts (noise, small vessels); equal specs give bit-identical volumes
 */
public record PhantomSpec(int rows, int columns, int thinSlices, double pixelSpacingMm, double thinSpacingMm, long seed) {

    public PhantomSpec {
        if (rows < 8 || columns < 8) {
            throw new IllegalArgumentException("phantom slices must be at least 8x8 pixels, got " + rows + "x" + columns);
        }
        if (thinSlices < 1) {
            throw new IllegalArgumentException("phantom needs at least 1 thin slice, got " + thinSlices);
        }
        if (!(pixelSpacingMm > 0) || !Double.isFinite(pixelSpacingMm)) {
            throw new IllegalArgumentException("pixel spacing must be a positive number of mm, got " + pixelSpacingMm);
        }
        if (!(thinSpacingMm > 0) || !Double.isFinite(thinSpacingMm)) {
            throw new IllegalArgumentException("thin slice spacing must be a positive number of mm, got " + thinSpacingMm);
        }
        if ((long) rows * columns * thinSlices > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("phantom too large: " + thinSlices + "x" + rows + "x" + columns + " voxels");
        }
    }

    /** A small phantom for tests: 64×64 pixels of 1.5 mm, 33 thin slices 1.25 mm apart, seed 42. */
    public static PhantomSpec small() {
        return new PhantomSpec(64, 64, 33, 1.5, 1.25, 42L);
    }

    /** The same spec with another seed. */
    public PhantomSpec withSeed(long newSeed) {
        return new PhantomSpec(rows, columns, thinSlices, pixelSpacingMm, thinSpacingMm, newSeed);
    }
}

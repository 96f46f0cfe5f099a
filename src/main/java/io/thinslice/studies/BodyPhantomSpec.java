package io.thinslice.studies;

import java.util.Objects;

/**
 * What {@link BodyPhantomGenerator} draws and how: body part, sampling, noise, kernel, quantisation and seed.
 *
 * @param bodyPart       the region drawn
 * @param rows           rows per slice (y), at least 8
 * @param columns        columns per slice (x), at least 8
 * @param thinSlices     number of thin slices (z), at least 1
 * @param pixelSpacingMm in-plane pixel spacing, mm (positive); anatomy is sized in mm, so this sets the field of view
 * @param thinSpacingMm  centre-to-centre distance of the thin slices, mm (positive)
 * @param noiseSigmaHu   standard deviation of the image noise, HU (0: none)
 * @param kernel         reconstruction kernel (in-plane sharpness of anatomy and noise)
 * @param greyLevels     0: keep every value; otherwise (2 to 65536) round to that many equally spaced levels over
 *                       [−1024, 3071] HU
 * @param seed           seed of everything random (layout of small structures, texture, noise); equal specs give
 *                       bit-identical volumes
 */
public record BodyPhantomSpec(BodyPart bodyPart, int rows, int columns, int thinSlices, double pixelSpacingMm,
                              double thinSpacingMm, double noiseSigmaHu, ReconstructionKernel kernel, int greyLevels,
                              long seed) {

    /** Thin slice spacing of {@link #of}, mm. */
    public static final double DEFAULT_THIN_SPACING_MM = 1.25;
    /** Noise of {@link #of}, HU. */
    public static final double DEFAULT_NOISE_SIGMA_HU = 10;

    public BodyPhantomSpec {
        Objects.requireNonNull(bodyPart, "bodyPart");
        Objects.requireNonNull(kernel, "kernel");
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
        if (!(noiseSigmaHu >= 0) || !Double.isFinite(noiseSigmaHu)) {
            throw new IllegalArgumentException("noise sigma must be a non-negative number of HU, got " + noiseSigmaHu);
        }
        if (greyLevels != 0 && (greyLevels < 2 || greyLevels > 65536)) {
            throw new IllegalArgumentException("grey levels must be 0 (no quantisation) or 2 to 65536, got " + greyLevels);
        }
        if ((long) rows * columns * thinSlices > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("phantom too large: " + thinSlices + "x" + rows + "x" + columns + " voxels");
        }
    }

    /**
     * A spec whose pixel spacing fits the part's usual field of view ({@link BodyPart#fieldOfViewMm()} over the larger
     * side), with thin slices 1.25 mm apart, 10 HU of noise, the standard kernel and no quantisation.
     */
    public static BodyPhantomSpec of(BodyPart bodyPart, int rows, int columns, int thinSlices, long seed) {
        return new BodyPhantomSpec(bodyPart, rows, columns, thinSlices, bodyPart.fieldOfViewMm() / Math.max(rows, columns),
                DEFAULT_THIN_SPACING_MM, DEFAULT_NOISE_SIGMA_HU, ReconstructionKernel.STANDARD, 0, seed);
    }

    public BodyPhantomSpec withSeed(long newSeed) {
        return new BodyPhantomSpec(bodyPart, rows, columns, thinSlices, pixelSpacingMm, thinSpacingMm, noiseSigmaHu, kernel,
                greyLevels, newSeed);
    }

    public BodyPhantomSpec withNoiseSigma(double sigmaHu) {
        return new BodyPhantomSpec(bodyPart, rows, columns, thinSlices, pixelSpacingMm, thinSpacingMm, sigmaHu, kernel,
                greyLevels, seed);
    }

    public BodyPhantomSpec withKernel(ReconstructionKernel newKernel) {
        return new BodyPhantomSpec(bodyPart, rows, columns, thinSlices, pixelSpacingMm, thinSpacingMm, noiseSigmaHu,
                newKernel, greyLevels, seed);
    }

    public BodyPhantomSpec withGreyLevels(int levels) {
        return new BodyPhantomSpec(bodyPart, rows, columns, thinSlices, pixelSpacingMm, thinSpacingMm, noiseSigmaHu, kernel,
                levels, seed);
    }

    /** The same anatomy sampled differently (size and spacing), everything else equal. */
    public BodyPhantomSpec withSampling(int newRows, int newColumns, int newThinSlices, double newPixelSpacingMm,
                                        double newThinSpacingMm) {
        return new BodyPhantomSpec(bodyPart, newRows, newColumns, newThinSlices, newPixelSpacingMm, newThinSpacingMm,
                noiseSigmaHu, kernel, greyLevels, seed);
    }
}

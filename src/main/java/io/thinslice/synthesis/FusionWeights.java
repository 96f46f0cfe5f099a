package io.thinslice.synthesis;

/**
 * Weights of the axial, coronal and sagittal predictions in the fused slice; non-negative, not all zero,
 * normalised to sum 1.
 */
public record FusionWeights(double axial, double coronal, double sagittal) {

    public FusionWeights {
        if (!(axial >= 0) || !(coronal >= 0) || !(sagittal >= 0) || axial + coronal + sagittal <= 0) {
            throw new IllegalArgumentException("fusion weights must be >= 0 and not all 0: " + axial + ", " + coronal + ", " + sagittal);
        }
        double s = axial + coronal + sagittal;
        axial /= s;
        coronal /= s;
        sagittal /= s;
    }

    /** The three views equally (the method's fusion). */
    public static FusionWeights equal() {
        return new FusionWeights(1, 1, 1);
    }

    float[] asArray() {
        return new float[] {(float) axial, (float) coronal, (float) sagittal};
    }
}

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

    /** The three views equally (the paper's fusion). */
    public static FusionWeights equal() {
        return new FusionWeights(1, 1, 1);
    }

    /**
     * The node's default: coronal and sagittal, the axial view left out. On validation phantoms (never the evaluation
     * set) the unadapted axial view lowered the adapted planes by 0.1–0.7 dB in every case (lab notebook, round 5);
     * per-series adaptation tunes the plane network only.
     */
    public static FusionWeights nodeDefault() {
        return new FusionWeights(0, 1, 1);
    }

    float[] asArray() {
        return new float[] {(float) axial, (float) coronal, (float) sagittal};
    }
}

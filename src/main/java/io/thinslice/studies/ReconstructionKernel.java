package io.thinslice.studies;

/**
 * The in-plane sharpness of a reconstructed CT image, as the filter kernel of the scanner sets it. It shapes both
 * the anatomy and the noise of a {@link BodyPhantomGenerator} phantom (the noise is then rescaled to the asked-for
 * standard deviation). Widths are in pixels: a scanner's kernel is matched to its reconstruction matrix.
 */
public enum ReconstructionKernel {
    /** Soft-tissue kernel: Gaussian blur, σ = 0.8 px; smooth, blotchy noise. */
    SOFT,
    /** Standard kernel: the painted anatomy as is. */
    STANDARD,
    /**
     * Bone / lung kernel: unsharp mask (1 + 0.7) · x − 0.7 · G(1 px) · x, which rings at edges: a bright rim outside
     * dense bone and a dark one inside it, as edge-enhancing kernels do; fine-grained noise.
     */
    SHARP;

    static final double SOFT_SIGMA_PX = 0.8;
    static final double SHARP_SIGMA_PX = 1.0;
    static final double SHARP_GAIN = 0.7;

    /** Filters one slice ({@code rows} × {@code columns} at {@code offset}) in place; {@code scratch} holds two slices. */
    void apply(float[] data, int offset, int rows, int columns, float[] scratch) {
        switch (this) {
            case SOFT -> Blur.gaussian(data, offset, rows, columns, SOFT_SIGMA_PX, scratch);
            case STANDARD -> {
            }
            case SHARP -> {
                int n = rows * columns;
                System.arraycopy(data, offset, scratch, n, n);
                Blur.gaussian(scratch, n, rows, columns, SHARP_SIGMA_PX, scratch);
                for (int i = 0; i < n; i++) {
                    data[offset + i] += (float) (SHARP_GAIN * (data[offset + i] - scratch[n + i]));
                }
            }
        }
    }
}

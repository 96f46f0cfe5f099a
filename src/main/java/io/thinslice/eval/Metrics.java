package io.thinslice.eval;

import io.thinslice.volume.Volume;
import java.util.stream.IntStream;

/**
 * Image-quality metrics of the evaluation protocol (docs/method.md), on volumes in HU, (z, y, x) order.
 *
 * <p>Before any metric, HU are clipped to [{@value #MIN_HU}, {@value #MAX_HU}] and scaled to [0, 1] by
 * {@code (HU + 1024) / 4096}.
 * <ul>
 * <li>PSNR (peak 1): {@code 10·log10(1 / MSE)}, MSE over every voxel of the volume, or over the synthesised slices
 * only (output slices whose index is not a multiple of the factor). Identical data gives +∞.</li>
 * <li>SSIM (Wang et al. 2004): Gaussian window 11 × 11, σ = 1.5, normalised to sum 1; weighted means, variances and
 * covariance (population form, {@code E[x²] − μ²}); {@code C1 = (0.01)²}, {@code C2 = (0.03)²} (data range 1);
 * the SSIM map is taken where the window fits entirely inside the image ("valid", as Wang's MATLAB code and
 * scikit-image, which crops the same border) and averaged. A volume's SSIM in one orientation is the mean over all its
 * 2D planes: axial planes (y, x) per slice, coronal (z, x) per row, sagittal (z, y) per column.</li>
 * </ul>
 */
public final class Metrics {
    /** Lower clip, HU. */
    public static final double MIN_HU = -1024;
    /** Upper clip, HU. */
    public static final double MAX_HU = 3072;
    /** SSIM window side, pixels. */
    public static final int WINDOW = 11;
    /** SSIM Gaussian σ, pixels. */
    public static final double SIGMA = 1.5;
    static final double C1 = 0.01 * 0.01;
    static final double C2 = 0.03 * 0.03;
    private static final double[] GAUSS = gaussian();

    /** The three orientations of 2D planes in a (z, y, x) volume. */
    public enum Orientation {
        /** Planes (y, x), one per slice z. */
        AXIAL,
        /** Planes (z, x), one per row y. */
        CORONAL,
        /** Planes (z, y), one per column x. */
        SAGITTAL
    }

    /**
     * All scores of one interpolated volume against its truth.
     *
     * @param psnrAll              PSNR over the whole volume, dB
     * @param psnrSynthesised      PSNR over synthesised slices only, dB (NaN if there are none)
     * @param ssimAxial            mean SSIM of all axial planes
     * @param ssimAxialSynthesised mean SSIM of the axial planes of synthesised slices (NaN if none)
     * @param ssimCoronal          mean SSIM of all coronal planes
     * @param ssimSagittal         mean SSIM of all sagittal planes
     */
    public record Scores(double psnrAll, double psnrSynthesised, double ssimAxial, double ssimAxialSynthesised,
                         double ssimCoronal, double ssimSagittal) {
    }

    private Metrics() {
    }

    /** HU clipped to [−1024, 3072] and scaled to [0, 1]. */
    public static double normalise(double hu) {
        return (Math.max(MIN_HU, Math.min(MAX_HU, hu)) - MIN_HU) / (MAX_HU - MIN_HU);
    }

    /**
     * Every metric of {@code test} against {@code truth}.
     *
     * @param factor s: output slices {@code i % s != 0} count as synthesised
     */
    public static Scores score(Volume truth, Volume test, int factor) {
        requireSameShape(truth, test);
        double[] axial = ssimPlanes(truth, test, Orientation.AXIAL);
        double all = 0;
        double synth = 0;
        int synthCount = 0;
        for (int z = 0; z < axial.length; z++) {
            all += axial[z];
            if (z % factor != 0) {
                synth += axial[z];
                synthCount++;
            }
        }
        return new Scores(psnr(truth, test), psnrSynthesised(truth, test, factor), all / axial.length,
                synthCount == 0 ? Double.NaN : synth / synthCount, ssim(truth, test, Orientation.CORONAL),
                ssim(truth, test, Orientation.SAGITTAL));
    }

    /** PSNR (peak 1) over every voxel, dB; +∞ when identical after clipping. */
    public static double psnr(Volume truth, Volume test) {
        requireSameShape(truth, test);
        return psnrOf(squaredError(truth, test, 0), (long) truth.voxels().length);
    }

    /** PSNR (peak 1) over the slices whose index is not a multiple of {@code factor}, dB; NaN if there are none. */
    public static double psnrSynthesised(Volume truth, Volume test, int factor) {
        requireSameShape(truth, test);
        if (factor < 1) {
            throw new IllegalArgumentException("factor must be >= 1, got " + factor);
        }
        long slices = IntStream.range(0, truth.slices()).filter(z -> z % factor != 0).count();
        if (slices == 0) {
            return Double.NaN;
        }
        return psnrOf(squaredError(truth, test, factor), slices * truth.sliceSize());
    }

    /** Mean SSIM over all planes of one orientation. */
    public static double ssim(Volume truth, Volume test, Orientation orientation) {
        double[] planes = ssimPlanes(truth, test, orientation);
        double sum = 0;
        for (double v : planes) {
            sum += v;
        }
        return sum / planes.length;
    }

    /** SSIM of every plane of one orientation, in plane order (z, y or x). */
    public static double[] ssimPlanes(Volume truth, Volume test, Orientation orientation) {
        requireSameShape(truth, test);
        int count = switch (orientation) {
            case AXIAL -> truth.slices();
            case CORONAL -> truth.rows();
            case SAGITTAL -> truth.columns();
        };
        return IntStream.range(0, count).parallel()
                .mapToDouble(i -> {
                    Plane a = plane(truth, orientation, i);
                    Plane b = plane(test, orientation, i);
                    return ssim(a.values, b.values, a.height, a.width);
                }).toArray();
    }

    /**
     * SSIM of two 2D images already scaled to [0, 1], row-major {@code height × width}.
     *
     * @throws IllegalArgumentException if the image is smaller than the 11 × 11 window
     */
    public static double ssim(double[] x, double[] y, int height, int width) {
        if (height < WINDOW || width < WINDOW) {
            throw new IllegalArgumentException("SSIM needs planes of at least " + WINDOW + "x" + WINDOW + ", got "
                    + height + "x" + width);
        }
        if (x.length != height * width || y.length != x.length) {
            throw new IllegalArgumentException("image sizes differ from " + height + "x" + width);
        }
        int vw = width - WINDOW + 1;
        int vh = height - WINDOW + 1;
        // Separable Gaussian, first along x (valid), then along y (valid), for x, y, x², y², xy.
        double[][] h = new double[5][height * vw];
        for (int r = 0; r < height; r++) {
            for (int c = 0; c < vw; c++) {
                double mx = 0;
                double my = 0;
                double xx = 0;
                double yy = 0;
                double xy = 0;
                int base = r * width + c;
                for (int t = 0; t < WINDOW; t++) {
                    double g = GAUSS[t];
                    double a = x[base + t];
                    double b = y[base + t];
                    mx += g * a;
                    my += g * b;
                    xx += g * a * a;
                    yy += g * b * b;
                    xy += g * a * b;
                }
                int i = r * vw + c;
                h[0][i] = mx;
                h[1][i] = my;
                h[2][i] = xx;
                h[3][i] = yy;
                h[4][i] = xy;
            }
        }
        double sum = 0;
        for (int r = 0; r < vh; r++) {
            for (int c = 0; c < vw; c++) {
                double mx = 0;
                double my = 0;
                double xx = 0;
                double yy = 0;
                double xy = 0;
                for (int t = 0; t < WINDOW; t++) {
                    double g = GAUSS[t];
                    int i = (r + t) * vw + c;
                    mx += g * h[0][i];
                    my += g * h[1][i];
                    xx += g * h[2][i];
                    yy += g * h[3][i];
                    xy += g * h[4][i];
                }
                double vx = xx - mx * mx;
                double vy = yy - my * my;
                double cov = xy - mx * my;
                sum += (2 * mx * my + C1) * (2 * cov + C2) / ((mx * mx + my * my + C1) * (vx + vy + C2));
            }
        }
        return sum / ((double) vh * vw);
    }

    /** The normalised 1D Gaussian of the SSIM window (the 2D window is its outer product). */
    static double[] gaussian() {
        double[] g = new double[WINDOW];
        double sum = 0;
        for (int i = 0; i < WINDOW; i++) {
            double d = i - (WINDOW - 1) / 2.0;
            g[i] = Math.exp(-d * d / (2 * SIGMA * SIGMA));
            sum += g[i];
        }
        for (int i = 0; i < WINDOW; i++) {
            g[i] /= sum;
        }
        return g;
    }

    /** A normalised 2D plane, row-major {@code height × width}. */
    record Plane(double[] values, int height, int width) {
    }

    /** Plane {@code index} of {@code orientation}, normalised to [0, 1]. */
    static Plane plane(Volume v, Orientation orientation, int index) {
        int nz = v.slices();
        int ny = v.rows();
        int nx = v.columns();
        float[] src = v.voxels();
        return switch (orientation) {
            case AXIAL -> {
                double[] out = new double[ny * nx];
                int base = index * ny * nx;
                for (int i = 0; i < out.length; i++) {
                    out[i] = normalise(src[base + i]);
                }
                yield new Plane(out, ny, nx);
            }
            case CORONAL -> {
                double[] out = new double[nz * nx];
                for (int z = 0; z < nz; z++) {
                    int base = (z * ny + index) * nx;
                    for (int x = 0; x < nx; x++) {
                        out[z * nx + x] = normalise(src[base + x]);
                    }
                }
                yield new Plane(out, nz, nx);
            }
            case SAGITTAL -> {
                double[] out = new double[nz * ny];
                for (int z = 0; z < nz; z++) {
                    for (int y = 0; y < ny; y++) {
                        out[z * ny + y] = normalise(src[(z * ny + y) * nx + index]);
                    }
                }
                yield new Plane(out, nz, ny);
            }
        };
    }

    /** Sum of squared normalised differences over all slices, skipping multiples of {@code skipMultiplesOf} if it is > 0. */
    private static double squaredError(Volume truth, Volume test, int skipMultiplesOf) {
        float[] a = truth.voxels();
        float[] b = test.voxels();
        int size = truth.sliceSize();
        double sum = 0;
        for (int z = 0; z < truth.slices(); z++) {
            if (skipMultiplesOf > 0 && z % skipMultiplesOf == 0) {
                continue;
            }
            for (int i = z * size, end = i + size; i < end; i++) {
                double d = normalise(a[i]) - normalise(b[i]);
                sum += d * d;
            }
        }
        return sum;
    }

    private static double psnrOf(double squaredError, long count) {
        double mse = squaredError / count;
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(1 / mse);
    }

    private static void requireSameShape(Volume truth, Volume test) {
        if (truth.slices() != test.slices() || truth.rows() != test.rows() || truth.columns() != test.columns()) {
            throw new IllegalArgumentException("shape " + test.slices() + "x" + test.rows() + "x" + test.columns()
                    + " does not match the truth's " + truth.slices() + "x" + truth.rows() + "x" + truth.columns());
        }
    }
}

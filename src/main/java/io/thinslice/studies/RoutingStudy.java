package io.thinslice.studies;

import io.thinslice.volume.Decimation;
import io.thinslice.volume.Geometry;
import io.thinslice.volume.Volume;
import java.util.List;

/**
 * A CT study as a PACS rule "send every CT series" forwards it, for testing series selection: a topogram, a 1 mm axial
 * series (9 slices of it), a 5 mm axial series in two kernels, a coronal reformat and a 2-slice axial series, all cut from one
 * {@link PhantomGenerator} phantom (1 mm thin slices), so they share one patient, study and frame of reference. Only the
 * two 5 mm series are worth deriving under the default selection.
 */
public final class RoutingStudy {

    /** Thin slices of the phantom, 1 mm apart: 40 mm of z. */
    static final int THIN_SLICES = 41;
    static final double THIN_SPACING_MM = 1.0;
    /** Every 5th thin slice: 9 slices 5 mm apart. */
    static final int THICK_STEP = 5;
    /** Every 4th row of the phantom becomes a coronal reformat plane. */
    static final int CORONAL_STEP = 4;

    /**
     * One series of the study.
     *
     * @param folder            where the command writes it, named by series number and kind
     * @param description       Series Description
     * @param number            Series Number
     * @param volume            its slices, geometry included
     * @param imageType         Image Type values
     * @param convolutionKernel Convolution Kernel
     */
    public record Series(String folder, String description, int number, Volume volume, List<String> imageType, String convolutionKernel) {
    }

    private RoutingStudy() {
    }

    /** The six series of a study of {@code size} × {@code size} pixels (at least 8), deterministic for a seed. */
    public static List<Series> series(int size, long seed) {
        double pixel = 1.5 * 64 / size; // the small phantom's field of view at any matrix size
        Volume thin = PhantomGenerator.thin(new PhantomSpec(size, size, THIN_SLICES, pixel, THIN_SPACING_MM, seed));
        Volume thick = Decimation.keepEveryNth(thin, THICK_STEP, 0);
        List<String> axial = List.of("ORIGINAL", "PRIMARY", "AXIAL");
        return List.of(
                new Series("1-topogram", "Topogram 0.6 T20s", 1, topogram(thin), List.of("ORIGINAL", "PRIMARY", "LOCALIZER"), "T20s"),
                // Only as many slices as a short series must have (9 > min-slices 8): its spacing is what gets it ignored.
                new Series("2-axial-1mm", "Thorax 1.0 B70f", 2, thin.slices(16, 25), axial, "B70f"),
                new Series("3-axial-5mm-soft", "Thorax 5.0 B30f", 3, thick, axial, "B30f"),
                new Series("4-axial-5mm-sharp", "Thorax 5.0 B70f", 4, thick, axial, "B70f"),
                new Series("5-coronal-reformat", "Thorax cor 4.0 B30f", 5, coronal(thin), List.of("DERIVED", "SECONDARY", "REFORMATTED"), "B30f"),
                new Series("6-two-slices", "Bolus tracking 5.0", 6, Decimation.keepEveryNth(thin.slices(0, THICK_STEP + 1), THICK_STEP, 0), axial,
                        "B30f"));
    }

    /**
     * A scout: the phantom's mean along y (anterior-posterior) as one coronal image, head at the top (rows run towards
     * the feet, -z).
     */
    static Volume topogram(Volume thin) {
        int nz = thin.slices();
        int ny = thin.rows();
        int nx = thin.columns();
        float[] out = new float[nz * nx];
        for (int r = 0; r < nz; r++) {
            for (int c = 0; c < nx; c++) {
                double sum = 0;
                for (int y = 0; y < ny; y++) {
                    sum += thin.at(nz - 1 - r, y, c);
                }
                out[r * nx + c] = (float) (sum / ny);
            }
        }
        Geometry g = thin.geometry();
        double[] o = g.positionOf(nz - 1);
        double[] centre = {o[0], o[1] + (ny - 1) * g.rowSpacing() / 2, o[2]};
        return new Volume(out, 1, nz, nx, coronalGeometry(centre, g, g.rowSpacing()));
    }

    /** Coronal planes every {@link #CORONAL_STEP} rows of the phantom, head at the top. */
    static Volume coronal(Volume thin) {
        int nz = thin.slices();
        int ny = thin.rows();
        int nx = thin.columns();
        int planes = (ny + CORONAL_STEP - 1) / CORONAL_STEP;
        float[] out = new float[planes * nz * nx];
        for (int p = 0; p < planes; p++) {
            for (int r = 0; r < nz; r++) {
                for (int c = 0; c < nx; c++) {
                    out[(p * nz + r) * nx + c] = thin.at(nz - 1 - r, p * CORONAL_STEP, c);
                }
            }
        }
        Geometry g = thin.geometry();
        return new Volume(out, planes, nz, nx, coronalGeometry(g.positionOf(nz - 1), g, CORONAL_STEP * g.rowSpacing()));
    }

    /**
     * Rows along +x, columns down towards the feet (-z): the normal, row × column, points along +y, so planes follow
     * each other from anterior to posterior.
     */
    private static Geometry coronalGeometry(double[] topLeft, Geometry axial, double planeSpacing) {
        // Pixel Spacing is (between rows, between columns): rows are one thin slice apart along z.
        return new Geometry(topLeft, new double[] {1, 0, 0}, new double[] {0, 0, -1}, axial.sliceSpacing(), axial.columnSpacing(), planeSpacing);
    }
}

package io.thinslice.volume;

import java.util.Arrays;
import java.util.Locale;

/**
 * Makes a thick-slice volume and its aligned thin truth out of a thin-slice volume (the evaluation protocol of
 * docs/method.md). Volumes are HU in (z, y, x) order; only the slice axis changes.
 *
 * <p>Both modes place thick slice k exactly on thin slice {@code c_k = first + k·s}; the truth is thin slices
 * {@code c_0 … c_{n−1}}, i.e. {@code (n − 1)·s + 1} slices. So an interpolator's output for factor s has as many
 * slices as the truth, output slice i lies where truth slice i lies (same origin, spacing thin spacing), and output
 * slices {@code i % s == 0} are the acquired ones.
 *
 * <ul>
 * <li>{@link Mode#DECIMATE}: thick slice k is thin slice {@code k·s} itself ({@code first = 0}; uses
 * {@link Decimation#keepEveryNth}). Thin slices after the last whole step are dropped.</li>
 * <li>{@link Mode#SLAB}: thick slice k is the mean over a slab of thickness {@code s} thin spacings centred on thin
 * slice {@code c_k}, as a thick-slice reconstruction integrates over its thickness. With {@code h = s / 2} (integer
 * division) the slab reads thin slices {@code c_k − h … c_k + h}, each with weight {@code 1/s}; for even s the two
 * end slices lie only half inside the slab and get weight {@code 1/(2s)}. For odd s this is the plain mean of the
 * s slices centred on c_k; for even s (2, 4) a plain mean of s slices would be centred half a thin slice off any
 * thin slice, so this is the mean of the two s-slice means either side of c_k (s = 2: weights ¼ ½ ¼; s = 4:
 * ⅛ ¼ ¼ ¼ ⅛). {@code first = h}, so the first slab has all its slices.</li>
 * </ul>
 */
public final class ThickSimulation {

    /** How a thick slice is made from thin ones. */
    public enum Mode {
        DECIMATE("decimate"), SLAB("slab");

        private final String label;

        Mode(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public static Mode byLabel(String label) {
            for (Mode m : values()) {
                if (m.label.equals(label)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("unknown thick simulation mode '" + label + "'; known: decimate, slab");
        }

        /**
         * The mode that describes a real series: slices thinner than three quarters of their spacing sample z at points
         * (with gaps between them); thicker ones, or an unknown thickness (contiguous reconstruction is the clinical
         * norm), average a slab.
         */
        public static Mode forThickness(Double thicknessMm, double spacingMm) {
            return thicknessMm != null && thicknessMm < 0.75 * spacingMm ? DECIMATE : SLAB;
        }
    }

    /**
     * A simulated thick volume with the thin truth at the positions an interpolator's output will have.
     *
     * @param mode   how the thick slices were made
     * @param factor s: thin slices per thick spacing
     * @param thick  n thick slices, HU, spacing s × thin spacing, slice 0 at the truth's slice 0
     * @param truth  (n − 1)·s + 1 thin slices, HU, thin spacing
     * @param firstThinSlice index in the source thin volume of truth slice 0
     */
    public record Case(Mode mode, int factor, Volume thick, Volume truth, int firstThinSlice) {

        /** e.g. {@code decimate x2}. */
        public String label() {
            return mode.label() + " x" + factor;
        }
    }

    private ThickSimulation() {
    }

    /**
     * Simulates one case.
     *
     * @param thin   thin-slice volume, HU, (z, y, x)
     * @param mode   decimation or slab averaging
     * @param factor s ≥ 2
     * @throws IllegalArgumentException if fewer than 2 thick slices would result
     */
    public static Case simulate(Volume thin, Mode mode, int factor) {
        if (factor < 2) {
            throw new IllegalArgumentException("factor must be >= 2, got " + factor);
        }
        int first = mode == Mode.DECIMATE ? 0 : factor / 2;
        int last = thin.slices() - 1 - (mode == Mode.DECIMATE ? 0 : factor / 2);
        int count = last < first ? 0 : (last - first) / factor + 1;
        if (count < 2) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "%s x%d needs at least %d thin slices, the volume has %d", mode.label(), factor,
                    factor + 1 + 2 * first, thin.slices()));
        }
        int truthSlices = (count - 1) * factor + 1;
        Volume truth = crop(thin, first, truthSlices);
        Volume thick = mode == Mode.DECIMATE ? Decimation.keepEveryNth(truth, factor, 0) : slab(thin, first, count, factor);
        return new Case(mode, factor, thick, truth, first);
    }

    private static Volume crop(Volume v, int first, int slices) {
        int size = v.sliceSize();
        float[] out = Arrays.copyOfRange(v.voxels(), first * size, (first + slices) * size);
        Geometry g = v.geometry();
        Geometry moved = new Geometry(g.positionOf(first), g.rowDirection(), g.columnDirection(), g.rowSpacing(),
                g.columnSpacing(), g.sliceSpacing());
        return new Volume(out, slices, v.rows(), v.columns(), moved);
    }

    private static Volume slab(Volume thin, int first, int count, int factor) {
        int h = factor / 2;
        double[] weights = new double[2 * h + 1];
        Arrays.fill(weights, 1.0 / factor);
        if (factor % 2 == 0) {
            weights[0] = weights[2 * h] = 0.5 / factor;
        }
        int size = thin.sliceSize();
        float[] src = thin.voxels();
        float[] out = new float[count * size];
        double[] sum = new double[size];
        for (int k = 0; k < count; k++) {
            Arrays.fill(sum, 0);
            int centre = first + k * factor;
            for (int j = -h; j <= h; j++) {
                double w = weights[j + h];
                int base = (centre + j) * size;
                for (int i = 0; i < size; i++) {
                    sum[i] += w * src[base + i];
                }
            }
            for (int i = 0; i < size; i++) {
                out[k * size + i] = (float) sum[i];
            }
        }
        Geometry g = thin.geometry();
        Geometry thick = new Geometry(g.positionOf(first), g.rowDirection(), g.columnDirection(), g.rowSpacing(),
                g.columnSpacing(), g.sliceSpacing() * factor);
        return new Volume(out, count, thin.rows(), thin.columns(), thick);
    }
}

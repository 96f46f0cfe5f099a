package io.thinslice.synthesis;

import io.thinslice.volume.InPlaneResampling;
import io.thinslice.volume.ThickSimulation;
import io.thinslice.volume.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A self-supervised quality check of one series at its own target scale, without any thin truth: held-out acquired
 * slices have each in-plane axis resampled to the target spacing and degraded to the series' thick spacing and
 * profile ({@link InPlaneResampling}, {@link ThickSimulation}); a method restores them along that axis and is scored
 * against the resampled truth (PSNR of the evaluation protocol, same clip and scale, over the synthesised positions, both axes pooled).
 *
 * <p>Slices wider or taller than {@value #MAX_WINDOW} pixels are scored on their central window of that size, so
 * that a check costs about the same on any matrix.
 *
 * <p>Classical methods act along z, so they score on the pseudo-volumes as they are; the three-view model is scored
 * through its plane network alone (the coronal view of a pseudo-volume is one held-out slice), since the axial
 * network has no in-plane counterpart.
 */
public final class InPlaneCheck {

    private final List<ThickSimulation.Case> cases;
    private final int factor;
    private final int[] slices;
    private final double spacing;
    private final ThickSimulation.Mode profile;
    /** Rows and columns of the held-out slices that are scored: all of them, or the central window. */
    private final int windowRows;
    private final int windowColumns;
    private final boolean windowed;

    private InPlaneCheck(List<ThickSimulation.Case> cases, int factor, int[] slices, double spacing, ThickSimulation.Mode profile,
                         int windowRows, int windowColumns, boolean windowed) {
        this.cases = cases;
        this.factor = factor;
        this.slices = slices;
        this.spacing = spacing;
        this.profile = profile;
        this.windowRows = windowRows;
        this.windowColumns = windowColumns;
        this.windowed = windowed;
    }

    /**
     * Largest side, pixels, of the part of each held-out slice that is scored: a larger slice is scored on its central
     * window of this size. Adaptation scores the check every 50 steps, and a whole-slice check grows with the matrix
     * (a 512 × 512 one costs four times a 256 × 256 one) while the steps it judges do not. Every evaluation volume is
     * at most this wide, so their checks are whole slices.
     */
    static final int MAX_WINDOW = 256;

    /** Held-out slices at most: enough for a stable estimate, few enough that a check stays cheap on big series. */
    static final int MAX_HELD_OUT = 8;

    /**
     * Every fourth acquired slice from the second on (at least one), at most {@value #MAX_HELD_OUT} of them spread
     * evenly: kept out of adaptation's in-plane pairs.
     */
    public static int[] heldOutSlices(int slices) {
        int[] every4 = java.util.stream.IntStream.range(0, slices).filter(k -> k % 4 == 1 || slices == 1).toArray();
        if (every4.length <= MAX_HELD_OUT) {
            return every4;
        }
        return java.util.stream.IntStream.range(0, MAX_HELD_OUT).map(i -> every4[(int) ((i + 0.5) * every4.length / MAX_HELD_OUT)]).toArray();
    }

    /** The other slices. */
    public static int[] trainingSlices(int slices) {
        java.util.Set<Integer> held = java.util.Arrays.stream(heldOutSlices(slices)).boxed().collect(java.util.stream.Collectors.toSet());
        return java.util.stream.IntStream.range(0, slices).filter(k -> !held.contains(k)).toArray();
    }

    /**
     * The check of {@code thick} at {@code factor}; empty when an in-plane axis is too short for three thick columns
     * at the series' spacing.
     */
    public static Optional<InPlaneCheck> of(Volume thick, int factor, ThickSimulation.Mode profile) {
        double spacing = thick.geometry().sliceSpacing() / factor;
        int[] held = heldOutSlices(thick.slices());
        Volume scored = centralWindow(thick, held, MAX_WINDOW);
        int[] all = InPlaneResampling.allSlices(scored);
        int margin = profile == ThickSimulation.Mode.SLAB ? factor / 2 : 0;
        List<ThickSimulation.Case> cases = new ArrayList<>();
        for (InPlaneResampling.Axis axis : InPlaneResampling.Axis.values()) {
            boolean rows = axis == InPlaneResampling.Axis.ROWS;
            int samples = InPlaneResampling.samples(rows ? scored.rows() : scored.columns(),
                    rows ? scored.geometry().rowSpacing() : scored.geometry().columnSpacing(), spacing);
            if (samples < 2 * factor + 1 + 2 * margin) {
                return Optional.empty();
            }
            cases.add(ThickSimulation.simulate(InPlaneResampling.resample(scored, all, axis, spacing), profile, factor));
        }
        boolean windowed = scored.rows() < thick.rows() || scored.columns() < thick.columns();
        return Optional.of(new InPlaneCheck(List.copyOf(cases), factor, held, spacing, profile, scored.rows(), scored.columns(), windowed));
    }

    /** The slices {@code held} of {@code v}, each cut to its central window of at most {@code max} × {@code max} pixels. */
    static Volume centralWindow(Volume v, int[] held, int max) {
        int h = Math.min(max, v.rows());
        int w = Math.min(max, v.columns());
        int y0 = (v.rows() - h) / 2;
        int x0 = (v.columns() - w) / 2;
        float[] src = v.voxels();
        float[] out = new float[held.length * h * w];
        for (int s = 0; s < held.length; s++) {
            int base = held[s] * v.sliceSize();
            for (int y = 0; y < h; y++) {
                System.arraycopy(src, base + (y0 + y) * v.columns() + x0, out, (s * h + y) * w, w);
            }
        }
        return new Volume(out, held.length, h, w, v.geometry());
    }

    /** PSNR (dB) of {@code method} over the synthesised positions of every case. */
    public double psnr(Interpolator method) {
        double se = 0;
        long n = 0;
        for (ThickSimulation.Case c : cases) {
            Volume out = method.interpolate(c.thick(), factor);
            float[] a = out.voxels();
            float[] b = c.truth().voxels();
            int size = out.sliceSize();
            for (int i = 0; i < out.slices(); i++) {
                if (i % factor == 0) {
                    continue;
                }
                for (int j = i * size; j < (i + 1) * size; j++) {
                    double d = Normalisation.toUnit(a[j]) - Normalisation.toUnit(b[j]);
                    se += d * d;
                }
                n += size;
            }
        }
        return 10 * Math.log10(n / se);
    }

    /** e.g. "4 held-out slices x 2 axes at 1.5 mm, slab", and ", central 256 x 256" when a window is scored. */
    public String describe() {
        return String.format(java.util.Locale.ROOT, "%d held-out slices x 2 axes at %.3g mm, %s%s", slices.length, spacing, profile.label(),
                windowed ? String.format(java.util.Locale.ROOT, ", central %d x %d", windowRows, windowColumns) : "");
    }

    /** The held-out slice indices. */
    public int[] slices() {
        return slices.clone();
    }
}

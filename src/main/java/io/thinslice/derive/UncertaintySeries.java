package io.thinslice.derive;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The optional second derived series ({@code thinslice.derive.uncertainty}): on the derived series' positions, each
 * voxel is the three-view model's cross-view disagreement (SD of the axial, coronal and sagittal predictions, HU; 0 on
 * acquired slices). It is labelled so no one takes it for anatomy, and references the derived series it describes.
 *
 * <p>Storage: unsigned 16-bit, Rescale Slope {@value #SLOPE} HU, intercept 0 (0–6553.5 HU in 0.1 HU steps: a
 * disagreement is never negative and rarely above a few hundred HU); Window Center/Width {@value #WINDOW_CENTER} /
 * {@value #WINDOW_WIDTH} HU shows 0 (black) to 100 HU of spread (white).
 *
 * @param plan    the uncertainty series itself (own UIDs, number, descriptions; positions and sources as the derived one)
 * @param derived the derived series it describes
 */
public record UncertaintySeries(DerivedSeriesPlan plan, DerivedSeriesPlan derived) {

    public static final double SLOPE = 0.1;
    public static final double WINDOW_CENTER = 50;
    public static final double WINDOW_WIDTH = 100;
    /** Added to the derived Series Number: source + 1000 derived, + 2000 its uncertainty (by default). */
    static final int SERIES_NUMBER_OFFSET = 1000;
    static final String LABEL = " [ThinSlice x%d uncertainty SD HU, not anatomy]";

    /** Plans the uncertainty series of {@code derived}: UIDs follow from the derived Series Instance UID (a re-run gives the same). */
    public static UncertaintySeries of(DerivedSeriesPlan derived) {
        String uid = DerivedUids.uncertaintySeriesUid(derived.seriesInstanceUid());
        List<DerivedSlice> slices = new ArrayList<>(derived.slices().size());
        for (DerivedSlice s : derived.slices()) {
            // never "acquired": every voxel is a disagreement value (0 where the slice was acquired), none is copied
            slices.add(new DerivedSlice(s.index(), DerivedUids.instanceUid(uid, s.index()), s.position(), s.sliceLocation(), null, s.sources()));
        }
        String source = derived.reference().seriesDescription() == null ? "" : derived.reference().seriesDescription().trim();
        String label = String.format(Locale.ROOT, LABEL, derived.factor());
        int room = DerivedSeriesPlanner.LO_MAX - label.length();
        String description = ((source.length() > room ? source.substring(0, room) : source) + label).trim();
        String derivation = "Not anatomy: per-voxel standard deviation (HU) of the axial, coronal and sagittal predictions of the "
                + "three-view model (cross-view disagreement, 0 on acquired slices) for derived series " + derived.seriesInstanceUid()
                + ". " + derived.derivationDescription();
        if (derivation.length() > DerivedSeriesPlanner.DERIVATION_MAX) {
            derivation = derivation.substring(0, DerivedSeriesPlanner.DERIVATION_MAX);
        }
        DerivedSeriesPlan plan = new DerivedSeriesPlan(derived.source(), uid, derived.seriesNumber() + SERIES_NUMBER_OFFSET, description,
                derivation, derived.softwareVersions(), derived.factor(), derived.sliceSpacing(), derived.created(), slices);
        return new UncertaintySeries(plan, derived);
    }

    /** Disagreement in HU to stored values: rounded to 0.1 HU, clipped to 0..65535 (NaN: 0). */
    public static short[] quantise(float[] sdHu) {
        short[] out = new short[sdHu.length];
        for (int i = 0; i < sdHu.length; i++) {
            double v = sdHu[i];
            long stored = Double.isNaN(v) ? 0 : Math.round(v / SLOPE);
            out[i] = (short) Math.max(0, Math.min(65535, stored));
        }
        return out;
    }
}

package io.thinslice.derive;

import io.thinslice.synthesis.Interpolator;
import io.thinslice.volume.Geometry;
import io.thinslice.volume.SliceHeader;
import io.thinslice.volume.SliceStack;
import io.thinslice.volume.Vectors;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Decides UIDs, positions, numbering and descriptions of the derived series for a validated source stack. */
public final class DerivedSeriesPlanner {

    /** Series Description is LO: at most 64 characters. */
    static final int LO_MAX = 64;
    /** Derivation Description is ST: at most 1024 characters. */
    static final int DERIVATION_MAX = 1024;

    private DerivedSeriesPlanner() {
    }

    public static DerivedSeriesPlan plan(SliceStack source, Interpolator method, int factor, DerivedSeriesSettings settings,
                                         LocalDateTime created) {
        return plan(source, method, factor, settings, created, null);
    }

    /**
     * @param method the method whose output the series holds (name and version make the UIDs)
     * @param note   how that method was chosen for this series (appended to the Derivation Description), or null
     */
    public static DerivedSeriesPlan plan(SliceStack source, Interpolator method, int factor, DerivedSeriesSettings settings,
                                         LocalDateTime created, String note) {
        Interpolator.requireFactor(factor);
        SliceHeader first = source.first();
        String seriesUid = DerivedUids.seriesUid(first.seriesInstanceUid(), method.name(), factor, method.version());
        Geometry thick = source.geometry();
        Geometry thin = thick.refinedAlongSlices(factor);
        int n = source.slices().size();
        int count = Interpolator.outputSlices(n, factor);
        double[] normal = thin.normal();
        List<DerivedSlice> slices = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            double[] position = thin.positionOf(i);
            SliceHeader acquired = i % factor == 0 ? source.slices().get(i / factor) : null;
            List<SliceHeader> from = Arrays.stream(method.sourceSlices(i, factor, n)).mapToObj(source.slices()::get).toList();
            slices.add(new DerivedSlice(i, DerivedUids.instanceUid(seriesUid, i), position, Vectors.dot(position, normal), acquired, from));
        }
        int seriesNumber = (first.seriesNumber() == null ? 0 : first.seriesNumber()) + settings.seriesNumberOffset();
        String derivation = String.format(Locale.ROOT, "ThinSlice %s: %s v%s, x%d along the slice normal, spacing %.4g mm -> %.4g mm",
                ThinSliceIdentity.VERSION, method.name(), method.version(), factor, thick.sliceSpacing(), thin.sliceSpacing())
                + (note == null ? "" : "; " + note);
        if (derivation.length() > DERIVATION_MAX) {
            derivation = derivation.substring(0, DERIVATION_MAX);
        }
        List<String> versions = List.of(ThinSliceIdentity.VERSION, method.name() + " " + method.version());
        return new DerivedSeriesPlan(source, seriesUid, seriesNumber, description(settings.descriptionTemplate(), first, factor, method.name()),
                derivation, versions, factor, thin.sliceSpacing(), created, slices);
    }

    static String description(String template, SliceHeader first, int factor, String method) {
        String filled = template.replace("{factor}", Integer.toString(factor)).replace("{method}", method);
        String source = first.seriesDescription() == null ? "" : first.seriesDescription().trim();
        int room = LO_MAX - (filled.length() - "{source}".length());
        if (filled.contains("{source}") && source.length() > room) {
            source = source.substring(0, Math.max(0, room));
        }
        String result = filled.replace("{source}", source).trim();
        return result.length() > LO_MAX ? result.substring(0, LO_MAX) : result;
    }
}

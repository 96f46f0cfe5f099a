package io.thinslice.synthesis;

import java.util.Locale;

/**
 * Target spacings and thick-slice profiles of target-scale in-plane training pairs ({@link TargetScalePairs}).
 *
 * @param minSpacing target spacing range, mm: each batch draws one, log-uniformly (equal bounds: that spacing)
 * @param maxSpacing see minSpacing
 * @param slabShare  share of batches whose thick columns are slab averages; the rest are decimated (point samples)
 */
public record InPlaneScale(double minSpacing, double maxSpacing, double slabShare) {

    public InPlaneScale {
        if (!(minSpacing > 0) || !(maxSpacing >= minSpacing) || !(slabShare >= 0 && slabShare <= 1)) {
            throw new IllegalArgumentException("bad in-plane scale " + minSpacing + ".." + maxSpacing + " mm, slab share " + slabShare);
        }
    }

    /** One series' own scale: its target spacing, and slabs or point samples as its slice thickness says. */
    public static InPlaneScale exactly(double spacing, boolean slab) {
        return new InPlaneScale(spacing, spacing, slab ? 1 : 0);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%.3g-%.3gmm/slab%.2f", minSpacing, maxSpacing, slabShare);
    }
}

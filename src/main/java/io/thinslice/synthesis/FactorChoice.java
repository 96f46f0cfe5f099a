package io.thinslice.synthesis;

import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The factor a series is refined by: the node's fixed factor ({@code thinslice.synthesis.factor}), or, when a target
 * spacing is set ({@code thinslice.synthesis.target-spacing}), per series the integer factor f from 2 to 8 that brings
 * its spacing s to s/f nearest to the target without going below it: f = floor(s / t), capped at 8. A series whose f
 * would be below 2 (at or below the target, or under twice it) is not refined.
 *
 * @param fixed         the factor when no target is set
 * @param targetSpacing the target spacing, mm, or empty
 */
public record FactorChoice(int fixed, OptionalDouble targetSpacing) {

    /**
     * Relative slack on s / t: a spacing computed from positions written as decimal strings (DS) may be a hair under
     * a whole multiple of the target (4.9999 mm for 5 mm), which must still count as that multiple.
     */
    static final double TOLERANCE = 1e-3;

    public FactorChoice {
        Interpolator.requireFactor(fixed);
        if (targetSpacing.isPresent() && !(targetSpacing.getAsDouble() > 0 && Double.isFinite(targetSpacing.getAsDouble()))) {
            throw new IllegalArgumentException("thinslice.synthesis.target-spacing must be a number of mm above 0, was "
                    + targetSpacing.getAsDouble());
        }
    }

    public static FactorChoice fixed(int factor) {
        return new FactorChoice(factor, OptionalDouble.empty());
    }

    public static FactorChoice target(double spacingMm, int fallback) {
        return new FactorChoice(fallback, OptionalDouble.of(spacingMm));
    }

    /** The factor of every series, or null when it is chosen per series from its spacing. */
    public Integer factorForEverySeries() {
        return targetSpacing.isPresent() ? null : fixed;
    }

    /**
     * The factor for a series of slice spacing {@code spacingMm}.
     *
     * @throws Unsuitable when a target is set and the series is already at or too near it (the message says why)
     */
    public int forSpacing(double spacingMm) throws Unsuitable {
        if (targetSpacing.isEmpty()) {
            return fixed;
        }
        double t = targetSpacing.getAsDouble();
        double ratio = spacingMm / t;
        int f = (int) Math.min(Interpolator.MAX_FACTOR, Math.floor(ratio * (1 + TOLERANCE)));
        if (f >= Interpolator.MIN_FACTOR) {
            return f;
        }
        String why = ratio <= 1 + TOLERANCE
                ? "is already at or below thinslice.synthesis.target-spacing %s mm"
                : "is under twice thinslice.synthesis.target-spacing %s mm, so no factor of 2 or more keeps the slices at or above it";
        throw new Unsuitable(String.format(Locale.ROOT, "slice spacing %s mm " + why, mm(spacingMm), mm(t)));
    }

    private static String mm(double v) {
        return String.format(Locale.ROOT, "%.4g", v).replaceAll("\\.?0+$", "");
    }

    /** A series the target spacing leaves as it is. */
    public static final class Unsuitable extends Exception {
        Unsuitable(String message) {
            super(message);
        }
    }
}

package io.thinslice.synthesis;

import io.thinslice.volume.ThickSimulation;
import io.thinslice.volume.Volume;

/**
 * Synthesises the slices between acquired ones.
 *
 * <p>Contract: for an input of n slices and a factor f the output has (n - 1) * f + 1 slices at spacing
 * s / f starting at the same origin; output slice i * f is input slice i, bit for bit; no value is NaN.
 */
public interface Interpolator {

    /** Name used in configuration, UIDs and Derivation Description, e.g. {@code cubic}. */
    String name();

    /** Version of the method or model; part of derived UIDs so that a new model yields new UIDs. */
    String version();

    Volume interpolate(Volume thick, int factor);

    /**
     * Synthesises one series and says what made it. Methods that choose per series (the guarded three-view) override
     * this; the others are what they are.
     *
     * @param profile how the series' slices sample z (point samples or slabs: {@link ThickSimulation.Mode#forThickness})
     */
    default SynthesisOutcome synthesise(Volume thick, int factor, ThickSimulation.Mode profile) {
        return new SynthesisOutcome(interpolate(thick, factor), this, null, java.util.Map.of());
    }

    /**
     * Indices of the acquired slices an output slice was made from (for Source Image Sequence).
     * By default the acquired slice itself, or the two that bracket a synthesised one.
     */
    default int[] sourceSlices(int outputIndex, int factor, int inputSlices) {
        int k = outputIndex / factor;
        if (outputIndex % factor == 0) {
            return new int[] {k};
        }
        return new int[] {k, Math.min(k + 1, inputSlices - 1)};
    }

    /** Output slice count for {@code inputSlices} acquired slices. */
    static int outputSlices(int inputSlices, int factor) {
        return (inputSlices - 1) * factor + 1;
    }

    static void requireFactor(int factor) {
        if (factor != 2 && factor != 4) {
            throw new IllegalArgumentException("factor must be 2 or 4, was " + factor);
        }
    }
}

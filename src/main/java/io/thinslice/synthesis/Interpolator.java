package io.thinslice.synthesis;

import io.thinslice.volume.ThickSeries;
import io.thinslice.volume.ThickSimulation;
import io.thinslice.volume.Volume;
import java.io.IOException;

/**
 * Synthesises the slices between acquired ones.
 *
 * <p>Contract: for an input of n slices and an integer factor f from 2 to 8 the output has (n - 1) * f + 1 slices at spacing
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
     * Synthesises one series slab by slab ({@link SlabPlan#DEFAULT}) and hands the output slices to {@code sink} in
     * order, after {@link SliceSink#begin} with the method that makes them: memory holds one slab, not the thick or
     * the thin volume ({@code thick} is read slab by slab). The outcome carries no volume. Methods that choose per
     * series override this.
     */
    default SynthesisOutcome synthesise(ThickSeries thick, int factor, ThickSimulation.Mode profile, SliceSink sink) throws IOException {
        sink.begin(this, null);
        SlabPlan.DEFAULT.stream(this, thick, factor, sink);
        return new SynthesisOutcome(null, this, null, java.util.Map.of());
    }

    /**
     * Synthesises {@code slab}, a run of acquired slices of a longer series whose HU range is [seriesMin, seriesMax],
     * and hands output slices [first, end) of the slab's output to {@code sink}. Methods that clip to the source's
     * range clip to the series' range, so that a slab gives what the whole series would there.
     */
    default void interpolateSlab(Volume slab, int factor, float seriesMin, float seriesMax, int first, int end, SliceSink sink)
            throws IOException {
        Volume out = interpolate(slab, factor);
        for (int i = first; i < end; i++) {
            sink.accept(i, out.slice(i));
        }
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

    /**
     * This method also reporting the cross-view disagreement of its slices ({@link SliceSink#acceptDisagreement}), for
     * the uncertainty series. Only the three-view methods have views to disagree; the others are returned as they are.
     */
    default Interpolator withDisagreement() {
        return this;
    }

    /** Output slice count for {@code inputSlices} acquired slices. */
    static int outputSlices(int inputSlices, int factor) {
        return (inputSlices - 1) * factor + 1;
    }

    /** Smallest factor a method accepts. */
    int MIN_FACTOR = 2;
    /** Largest factor a method accepts: three ×2 levels of the networks. */
    int MAX_FACTOR = 8;

    static void requireFactor(int factor) {
        if (factor < MIN_FACTOR || factor > MAX_FACTOR) {
            throw new IllegalArgumentException("factor must be an integer from " + MIN_FACTOR + " to " + MAX_FACTOR + ", was " + factor);
        }
    }
}

package io.thinslice.synthesis;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How the three-view method runs.
 *
 * @param weights        a folder of weights saved by {@code train}; empty: the weights shipped in the jar
 * @param fusion         weights of the axial, coronal and sagittal predictions in the fused slice
 * @param adaptSteps     optimiser steps fine-tuning the weights on each incoming series before inference; 0: none
 * @param guardMarginDb  how much better than the better classical method the model must score on a series' in-plane
 *                       check before it derives that series ({@link GuardedThreeView})
 * @param maxBatchPixels bound on the pixels that go through a network at once (bounds memory)
 */
public record ThreeViewSettings(Optional<Path> weights, FusionWeights fusion, int adaptSteps, double guardMarginDb, long maxBatchPixels) {

    public ThreeViewSettings {
        if (adaptSteps < 0) {
            throw new IllegalArgumentException("adaptation steps must be >= 0, was " + adaptSteps);
        }
        if (!Double.isFinite(guardMarginDb)) {
            throw new IllegalArgumentException("guard margin must be a number of dB, was " + guardMarginDb);
        }
        if (maxBatchPixels < 1) {
            throw new IllegalArgumentException("max batch pixels must be >= 1, was " + maxBatchPixels);
        }
    }

    /** Shipped weights, the node's fusion, adaptation steps and guard margin. */
    public static ThreeViewSettings defaults() {
        return new ThreeViewSettings(Optional.empty(), FusionWeights.nodeDefault(), Interpolators.DEFAULT_ADAPT_STEPS,
                Interpolators.DEFAULT_GUARD_MARGIN_DB, ThreeViewInterpolator.DEFAULT_MAX_BATCH_PIXELS);
    }

    public ThreeViewSettings withAdaptSteps(int steps) {
        return new ThreeViewSettings(weights, fusion, steps, guardMarginDb, maxBatchPixels);
    }
}

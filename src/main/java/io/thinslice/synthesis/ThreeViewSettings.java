package io.thinslice.synthesis;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How the three-view method runs.
 *
 * @param weights        a folder of weights saved by {@code train}; empty: the weights shipped in the jar
 * @param fusion         weights of the axial, coronal and sagittal predictions in the fused slice
 * @param adapt          time spent fine-tuning the weights on each incoming series before inference; zero: none
 * @param maxBatchPixels bound on the pixels that go through a network at once (bounds memory)
 */
public record ThreeViewSettings(Optional<Path> weights, FusionWeights fusion, Duration adapt, long maxBatchPixels) {

    public ThreeViewSettings {
        if (adapt.isNegative()) {
            throw new IllegalArgumentException("adaptation time must be >= 0, was " + adapt);
        }
        if (maxBatchPixels < 1) {
            throw new IllegalArgumentException("max batch pixels must be >= 1, was " + maxBatchPixels);
        }
    }

    /** Shipped weights, equal fusion, no adaptation. */
    public static ThreeViewSettings defaults() {
        return new ThreeViewSettings(Optional.empty(), FusionWeights.equal(), Duration.ZERO, ThreeViewInterpolator.DEFAULT_MAX_BATCH_PIXELS);
    }

    public ThreeViewSettings withAdapt(Duration d) {
        return new ThreeViewSettings(weights, fusion, d, maxBatchPixels);
    }
}

package io.thinslice.synthesis;

import io.thinslice.volume.Volume;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The three-view method with per-series adaptation: before inference, a copy of the weights is fine-tuned on
 * the incoming thick series itself (self-supervised, the training loss) for a fixed time, then used and dropped.
 *
 * <p>The version names the base weights and the adaptation time, not the adapted parameters: how many steps fit
 * in the time depends on the machine, yet a re-run must give the same derived UIDs.
 */
public final class AdaptingInterpolator implements Interpolator {

    private static final Logger LOG = Logger.getLogger(AdaptingInterpolator.class.getName());
    /** Fixed, so two runs on one machine with the same step count give the same weights. */
    private static final long SEED = 1L;

    private final ThreeViewInterpolator base;
    private final Duration budget;
    private volatile Consumer<ThreeViewTrainer.Status> progress = s -> { };

    public AdaptingInterpolator(ThreeViewInterpolator base, Duration budget) {
        if (budget.isNegative() || budget.isZero()) {
            throw new IllegalArgumentException("adaptation needs a positive time, was " + budget);
        }
        this.base = base;
        this.budget = budget;
    }

    /** Where adaptation reports its steps (the CLI prints them). */
    public AdaptingInterpolator onProgress(Consumer<ThreeViewTrainer.Status> listener) {
        this.progress = listener;
        return this;
    }

    @Override
    public String name() {
        return base.name() + "+adapt";
    }

    @Override
    public String version() {
        return base.version() + "+adapt" + budget.toSeconds() + "s";
    }

    @Override
    public int[] sourceSlices(int outputIndex, int factor, int inputSlices) {
        return base.sourceSlices(outputIndex, factor, inputSlices);
    }

    @Override
    public Volume interpolate(Volume thick, int factor) {
        long t0 = System.nanoTime();
        int[] steps = {0};
        ThreeViewInterpolator adapted = base.adapt(thick, budget, SEED, s -> {
            steps[0] = s.step();
            progress.accept(s);
        });
        try {
            double seconds = (System.nanoTime() - t0) / 1e9;
            LOG.info(String.format("adapted %s to the series: %d steps in %.1f s (%.2f steps/s)", base.version(), steps[0], seconds,
                    steps[0] / seconds));
            return adapted.interpolate(thick, factor);
        } finally {
            adapted.weights().close();
        }
    }
}

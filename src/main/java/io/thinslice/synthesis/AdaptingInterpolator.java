package io.thinslice.synthesis;

import io.thinslice.volume.ThickSimulation;
import io.thinslice.volume.Volume;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The fused three-view model after per-series adaptation ({@link SeriesAdaptation}, early-stopped on the series'
 * {@link InPlaneCheck}), without the guard's choice: what adaptation alone does, for evaluation. A series too small
 * for a check is synthesised unadapted.
 */
public final class AdaptingInterpolator implements Interpolator {

    private final ThreeViewInterpolator base;
    private final SeriesAdaptation adaptation;
    private volatile Consumer<ThreeViewTrainer.Status> progress = s -> { };

    public AdaptingInterpolator(ThreeViewInterpolator base, SeriesAdaptation adaptation) {
        this.base = base;
        this.adaptation = adaptation;
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
        return base.version() + "+adapt" + adaptation.steps();
    }

    @Override
    public Volume interpolate(Volume thick, int factor) {
        return synthesise(thick, factor, ThickSimulation.Mode.SLAB).volume();
    }

    @Override
    public SynthesisOutcome synthesise(Volume thick, int factor, ThickSimulation.Mode profile) {
        Optional<InPlaneCheck> check = InPlaneCheck.of(thick, factor, profile);
        if (check.isEmpty()) {
            return new SynthesisOutcome(base.interpolate(thick, factor), this, "not adapted: slices too small for a check",
                    java.util.Map.of());
        }
        SeriesAdaptation.Result r = adaptation.adapt(base.weights(), thick, factor, profile, check.get(), progress);
        try {
            Volume out = adapted(r).interpolate(thick, factor);
            return new SynthesisOutcome(out, this, "adapted, kept step " + r.bestStep(), details(r));
        } finally {
            r.weights().close();
        }
    }

    /** The same, the slices streamed slab by slab ({@link SlabPlan#DEFAULT}) into {@code sink}. */
    @Override
    public SynthesisOutcome synthesise(Volume thick, int factor, ThickSimulation.Mode profile, SliceSink sink) throws IOException {
        Optional<InPlaneCheck> check = InPlaneCheck.of(thick, factor, profile);
        if (check.isEmpty()) {
            String note = "not adapted: slices too small for a check";
            sink.begin(this, note);
            SlabPlan.DEFAULT.stream(base, thick, factor, sink);
            return new SynthesisOutcome(null, this, note, java.util.Map.of());
        }
        SeriesAdaptation.Result r = adaptation.adapt(base.weights(), thick, factor, profile, check.get(), progress);
        try {
            String note = "adapted, kept step " + r.bestStep();
            sink.begin(this, note);
            SlabPlan.DEFAULT.stream(adapted(r), thick, factor, sink);
            return new SynthesisOutcome(null, this, note, details(r));
        } finally {
            r.weights().close();
        }
    }

    private ThreeViewInterpolator adapted(SeriesAdaptation.Result r) {
        return new ThreeViewInterpolator(r.weights(), base.view(), base.fusion(), base.maxBatchPixels());
    }

    private static java.util.Map<String, String> details(SeriesAdaptation.Result r) {
        return java.util.Map.of("adaptation.keptStep", Integer.toString(r.bestStep()), "adaptation.trace", String.join(" ", r.trace()));
    }
}

package io.thinslice.synthesis;

import io.thinslice.volume.ThickSeries;
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

    /** The same, the adapted model also reporting the cross-view disagreement ({@link ThreeViewInterpolator#withDisagreement()}). */
    @Override
    public AdaptingInterpolator withDisagreement() {
        return new AdaptingInterpolator(base.withDisagreement(), adaptation).onProgress(progress);
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
        try {
            return adaptThen(thick, factor, profile,
                    (method, note, details) -> new SynthesisOutcome(method.interpolate(thick, factor), this, note, details));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // a whole-volume run does no I/O
        }
    }

    /**
     * The same, the slices streamed slab by slab ({@link SlabPlan#DEFAULT}) into {@code sink}; the check and adaptation
     * work on {@link SeriesSample a bounded sample} of the series (all of it up to 128 slices).
     */
    @Override
    public SynthesisOutcome synthesise(ThickSeries thick, int factor, ThickSimulation.Mode profile, SliceSink sink) throws IOException {
        return adaptThen(SeriesSample.of(thick, adaptation), factor, profile, (method, note, details) -> {
            sink.begin(this, note);
            SlabPlan.DEFAULT.stream(method, thick, factor, sink);
            return new SynthesisOutcome(null, this, note, details);
        });
    }

    /** What to do with the method that derives the series, once adaptation has chosen its weights. */
    @FunctionalInterface
    private interface Derivation {
        SynthesisOutcome run(ThreeViewInterpolator method, String note, java.util.Map<String, String> details) throws IOException;
    }

    /** Adapts to the series (unless it is too small for a check) and runs {@code then}; frees the adapted weights after. */
    private SynthesisOutcome adaptThen(Volume thick, int factor, ThickSimulation.Mode profile, Derivation then) throws IOException {
        Optional<InPlaneCheck> check = InPlaneCheck.of(thick, factor, profile);
        if (check.isEmpty()) {
            return then.run(base, "not adapted: slices too small for a check", java.util.Map.of());
        }
        SeriesAdaptation.Result r = adaptation.adapt(base.weights(), thick, factor, profile, check.get(), progress);
        thick = null; // on the streamed path this is the sample: not held while the slabs are synthesised
        check = null;
        try {
            return then.run(adapted(r), "adapted, kept step " + r.bestStep(), details(r));
        } finally {
            r.weights().close();
        }
    }

    private ThreeViewInterpolator adapted(SeriesAdaptation.Result r) {
        ThreeViewInterpolator adapted = new ThreeViewInterpolator(r.weights(), base.view(), base.fusion(), base.maxBatchPixels());
        return base.reportsDisagreement() ? adapted.withDisagreement() : adapted;
    }

    private static java.util.Map<String, String> details(SeriesAdaptation.Result r) {
        return java.util.Map.of("adaptation.keptStep", Integer.toString(r.bestStep()), "adaptation.trace", String.join(" ", r.trace()));
    }
}

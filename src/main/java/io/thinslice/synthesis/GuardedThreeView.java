package io.thinslice.synthesis;

import io.thinslice.volume.ThickSeries;
import io.thinslice.volume.ThickSimulation;
import io.thinslice.volume.Volume;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The node's three-view method with a per-series guard: before a series is derived, its own {@link InPlaneCheck}
 * (held-out acquired slices degraded at the target scale) scores linear, cubic and the model, the model is adapted
 * to the series ({@link SeriesAdaptation}, early-stopped on that check), and the series is derived by the model only
 * if its check score beats the better classical method by {@code marginDb}; otherwise by that classical method. The
 * choice and its estimates travel with the result ({@link SynthesisOutcome}) into the job record, a metric and the
 * Derivation Description, so a reader knows what made the slices.
 */
public final class GuardedThreeView implements Interpolator {

    private static final Logger LOG = Logger.getLogger(GuardedThreeView.class.getName());

    private final ThreeViewInterpolator model;
    private final SeriesAdaptation adaptation;
    private final double marginDb;
    private final List<Interpolator> classical = List.of(new LinearInterpolator(), new CubicInterpolator());
    private volatile Consumer<ThreeViewTrainer.Status> progress = s -> { };

    /**
     * @param model      the shipped (or configured) weights, with the fusion the node uses
     * @param adaptation per-series adaptation (0 steps: none)
     * @param marginDb   how much better than the better classical method the model must score on the check
     */
    public GuardedThreeView(ThreeViewInterpolator model, SeriesAdaptation adaptation, double marginDb) {
        this.model = model;
        this.adaptation = adaptation;
        this.marginDb = marginDb;
    }

    /**
     * The same guard whose model, when chosen, also reports the cross-view disagreement
     * ({@link ThreeViewInterpolator#withDisagreement()}); when linear or cubic is chosen there is none.
     */
    @Override
    public GuardedThreeView withDisagreement() {
        return new GuardedThreeView(model.withDisagreement(), adaptation, marginDb).onProgress(progress);
    }

    /** Where adaptation reports its steps (the CLI prints them). */
    public GuardedThreeView onProgress(Consumer<ThreeViewTrainer.Status> listener) {
        this.progress = listener;
        return this;
    }

    @Override
    public String name() {
        return model.name();
    }

    /** The model's version when the model is chosen: base weights and adaptation steps (a re-run gives the same UIDs). */
    @Override
    public String version() {
        return model.version() + (adaptation.steps() > 0 ? "+adapt" + adaptation.steps() : "");
    }

    @Override
    public Volume interpolate(Volume thick, int factor) {
        return synthesise(thick, factor, ThickSimulation.Mode.SLAB).volume();
    }

    @Override
    public SynthesisOutcome synthesise(Volume thick, int factor, ThickSimulation.Mode profile) {
        try (Choice c = choose(thick, factor, profile)) {
            return new SynthesisOutcome(c.method.interpolate(thick, factor), c.reported, c.note, c.details);
        }
    }

    /**
     * The same choice, the slices streamed slab by slab ({@link SlabPlan#DEFAULT}) into {@code sink}; the check and
     * adaptation work on {@link SeriesSample a bounded sample} of the series (all of it up to 128 slices), which is
     * no longer held once the choice is made.
     */
    @Override
    public SynthesisOutcome synthesise(ThickSeries thick, int factor, ThickSimulation.Mode profile, SliceSink sink) throws IOException {
        try (Choice c = choose(SeriesSample.of(thick, adaptation), factor, profile)) {
            sink.begin(c.reported, c.note);
            SlabPlan.DEFAULT.stream(c.method, thick, factor, sink);
            return new SynthesisOutcome(null, c.reported, c.note, c.details);
        }
    }

    /**
     * What derives the series: {@code method} computes the slices, {@code reported} is named for them (this guard when
     * the model is chosen); closing it frees the adapted weights.
     */
    private record Choice(Interpolator method, Interpolator reported, String note, Map<String, String> details,
                          ThreeViewWeights adapted) implements AutoCloseable {
        @Override
        public void close() {
            if (adapted != null) {
                adapted.close();
            }
        }
    }

    private Choice choose(Volume thick, int factor, ThickSimulation.Mode profile) {
        Interpolator.requireFactor(factor);
        Optional<InPlaneCheck> maybe = InPlaneCheck.of(thick, factor, profile);
        Map<String, String> details = new LinkedHashMap<>();
        if (maybe.isEmpty()) {
            Interpolator cubic = classical.get(1);
            details.put("choice", cubic.name());
            details.put("reason", "slices too small for an in-plane check at this spacing");
            return new Choice(cubic, cubic, "guard: no in-plane check possible (slices too small), classical cubic", details, null);
        }
        InPlaneCheck check = maybe.get();
        Interpolator bestClassical = null;
        double bestClassicalScore = Double.NEGATIVE_INFINITY;
        for (Interpolator c : classical) {
            double s = check.psnr(c);
            details.put("estimate." + c.name(), format(s));
            if (s > bestClassicalScore) {
                bestClassicalScore = s;
                bestClassical = c;
            }
        }
        long t0 = System.nanoTime();
        SeriesAdaptation.Result adapted = adaptation.adapt(model.weights(), thick, factor, profile, check, progress);
        try {
            double seconds = (System.nanoTime() - t0) / 1e9;
            details.put("estimate." + model.name(), format(adapted.baseScore()));
            details.put("estimate." + model.name() + "+adapt", format(adapted.bestScore()));
            details.put("adaptation.steps", Integer.toString(adaptation.steps()));
            details.put("adaptation.keptStep", Integer.toString(adapted.bestStep()));
            details.put("adaptation.trace", String.join(" ", adapted.trace()));
            details.put("check", check.describe());
            double gain = adapted.bestScore() - bestClassicalScore;
            details.put("estimatedGainDb", format(gain));
            LOG.info(String.format(Locale.ROOT, "guard: check %s; %s %.2f dB, %s %.2f dB adapted (step %d of %d, %.1f s); best classical %s %.2f dB",
                    check.describe(), model.name(), adapted.baseScore(), model.name(), adapted.bestScore(), adapted.bestStep(),
                    adaptation.steps(), seconds, bestClassical.name(), bestClassicalScore));
            if (gain >= marginDb) {
                details.put("choice", name());
                ThreeViewInterpolator chosen = new ThreeViewInterpolator(adapted.weights(), model.view(), model.fusion(), model.maxBatchPixels());
                return new Choice(model.reportsDisagreement() ? chosen.withDisagreement() : chosen, this,
                        String.format(Locale.ROOT, "guard: model %+.2f dB over %s on an in-plane check (%s), adapted %d steps, kept step %d",
                                gain, bestClassical.name(), check.describe(), adaptation.steps(), adapted.bestStep()), details, adapted.weights());
            }
            details.put("choice", bestClassical.name());
            adapted.weights().close();
            return new Choice(bestClassical, bestClassical, String.format(Locale.ROOT,
                    "guard: classical %s chosen, model %+.2f dB on an in-plane check (%s; margin %.2f dB)",
                    bestClassical.name(), gain, check.describe(), marginDb), details, null);
        } catch (RuntimeException | Error e) {
            adapted.weights().close();
            throw e;
        }
    }

    private static String format(double db) {
        return String.format(Locale.ROOT, "%.3f", db);
    }
}

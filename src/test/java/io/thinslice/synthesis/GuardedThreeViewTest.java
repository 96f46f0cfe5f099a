package io.thinslice.synthesis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.thinslice.studies.PhantomGenerator;
import io.thinslice.studies.PhantomSpec;
import io.thinslice.volume.ThickSimulation;
import io.thinslice.volume.Volume;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The per-series guard: a model made bad on purpose is caught by the series' own check, and classical takes over. */
class GuardedThreeViewTest {

    @Test
    void perturbedWeightsAreCaughtAndTheBetterClassicalMethodDerivesTheSeries() throws IOException {
        Volume thin = PhantomGenerator.thin(new PhantomSpec(48, 48, 33, 1.0, 1.25, 5L));
        ThickSimulation.Case c = ThickSimulation.simulate(thin, ThickSimulation.Mode.SLAB, 4);
        try (ThreeViewWeights weights = ThreeViewWeights.loadDefault()) {
            perturb(weights, 0.5f, 7);
            GuardedThreeView guard = new GuardedThreeView(new ThreeViewInterpolator(weights), new SeriesAdaptation(4, 2, 5e-5f, 2, 1, false), 0.1);
            SynthesisOutcome o = guard.synthesise(c.thick(), 4, ThickSimulation.Mode.SLAB);

            String choice = o.details().get("choice");
            assertTrue(choice.equals("linear") || choice.equals("cubic"), "guard chose " + choice + ": " + o.details());
            assertEquals(choice, o.method().name());
            double model = Double.parseDouble(o.details().get("estimate.three-view+adapt"));
            double classical = Double.parseDouble(o.details().get("estimate." + choice));
            assertTrue(model < classical, "the check saw the damage: " + o.details());
            Interpolator expected = choice.equals("linear") ? new LinearInterpolator() : new CubicInterpolator();
            assertArrayEquals(expected.interpolate(c.thick(), 4).voxels(), o.volume().voxels(), "the classical method's own output");
            assertTrue(o.note().startsWith("guard: classical " + choice), o.note());
        }
    }

    @Test
    void aSeriesTooSmallForACheckIsDerivedByCubicAndSaysWhy() throws IOException {
        Volume thin = PhantomGenerator.thin(new PhantomSpec(8, 8, 17, 1.0, 1.25, 5L));
        ThickSimulation.Case c = ThickSimulation.simulate(thin, ThickSimulation.Mode.DECIMATE, 4);
        try (ThreeViewWeights weights = ThreeViewWeights.loadDefault()) {
            SynthesisOutcome o = new GuardedThreeView(new ThreeViewInterpolator(weights), SeriesAdaptation.defaults(2), 0.1)
                    .synthesise(c.thick(), 4, ThickSimulation.Mode.DECIMATE);
            assertEquals("cubic", o.details().get("choice"));
            assertTrue(o.details().get("reason").contains("too small"), o.details().toString());
        }
    }

    /** Adds Gaussian noise of {@code sigma} times each parameter array's standard deviation (plus a floor) to every parameter. */
    static void perturb(ThreeViewWeights weights, float sigma, long seed) {
        TorchRuntime.exclusive(() -> {
            TorchRuntime.engine().setRandomSeed((int) seed);
            for (Pair<String, Parameter> p : weights.network().getParameters()) {
                NDArray w = p.getValue().getArray();
                float scale = sigma * (w.sub(w.mean()).square().mean().sqrt().getFloat() + 0.05f);
                w.addi(w.getManager().randomNormal(0, scale, w.getShape(), w.getDataType()));
            }
            weights.parametersChanged();
            return null;
        });
    }
}

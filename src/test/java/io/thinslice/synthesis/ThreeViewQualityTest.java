package io.thinslice.synthesis;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thinslice.studies.BodyPart;
import io.thinslice.studies.BodyPhantomGenerator;
import io.thinslice.studies.BodyPhantomSpec;
import io.thinslice.volume.Decimation;
import io.thinslice.volume.ThickSimulation;
import io.thinslice.volume.Volume;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Quality held out, on small body phantoms: weights trained briefly on one patient's thick series (seed 11) are scored
 * on another patient (seed 12) that training never saw, PSNR over the synthesised slices (protocol of method.md). The
 * fused model must beat cubic there, and the node's guarded method must never fall more than 0.1 dB below the better
 * classical method.
 */
class ThreeViewQualityTest {

    /** Required advantage of the fused model over cubic on the unseen phantom, dB. */
    static final double MARGIN_DB = 0.1;

    private static BodyPhantomSpec spec(long seed) {
        return BodyPhantomSpec.of(BodyPart.ABDOMEN, 64, 64, 33, seed).withSampling(64, 64, 33, 1.2, 1.25);
    }

    @Test
    void fusedBeatsCubicOnAnUnseenPhantomAndTheGuardNeverLosesToClassical() {
        Volume train = Decimation.keepEveryNth(BodyPhantomGenerator.thin(spec(11)), 4, 0);
        ThickSimulation.Case test = ThickSimulation.simulate(BodyPhantomGenerator.thin(spec(12)), ThickSimulation.Mode.DECIMATE, 4);
        // 150 steps: the fused model's lead over cubic here was +0.287 dB after 300 steps, +0.248 after 200, +0.210
        // after 150 (the same seed gives the same weights on the CPU), and training is what this test costs (150 steps
        // ~74 s of one core, 300 ~150 s)
        TrainingOptions options = TrainingOptions.defaults().withSteps(150).withSeed(3);
        try (ThreeViewWeights w = ThreeViewTraining.run(List.of(train), ThreeViewArchitecture.defaults(), options, Map.of(), null)) {
            double cubic = SynthesisMetrics.psnrSynthesised(new CubicInterpolator().interpolate(test.thick(), 4), test.truth(), 4, 0);
            double linear = SynthesisMetrics.psnrSynthesised(new LinearInterpolator().interpolate(test.thick(), 4), test.truth(), 4, 0);
            StringBuilder report = new StringBuilder(String.format(Locale.ROOT, "linear %.3f, cubic %.3f", linear, cubic));
            double fused = Double.NaN;
            for (ThreeViewInterpolator.View v : ThreeViewInterpolator.View.values()) {
                double p = SynthesisMetrics.psnrSynthesised(new ThreeViewInterpolator(w).withView(v).interpolate(test.thick(), 4), test.truth(), 4, 0);
                report.append(String.format(Locale.ROOT, ", %s %.3f", v, p));
                if (v == ThreeViewInterpolator.View.FUSED) {
                    fused = p;
                }
            }
            // No adaptation: the guard's choice between the model and the classical methods is what is scored here.
            // (It had 20 steps, which never reached adaptation's first check at step 50, so their weights were
            // discarded: the same choice and pixels as 0 steps, ~3 s of training later.)
            SynthesisOutcome guarded = new GuardedThreeView(new ThreeViewInterpolator(w), SeriesAdaptation.defaults(0), 0.1)
                    .synthesise(test.thick(), 4, ThickSimulation.Mode.DECIMATE);
            double g = SynthesisMetrics.psnrSynthesised(guarded.volume(), test.truth(), 4, 0);
            report.append(String.format(Locale.ROOT, ", guarded %.3f (%s)", g, guarded.details().get("choice")));
            System.out.println("held-out abdomen phantom x4 PSNR (dB): " + report);
            assertTrue(fused >= cubic + MARGIN_DB, report.toString());
            assertTrue(g >= Math.max(linear, cubic) - 0.1, report.toString());
        }
    }
}

package io.thinslice.synthesis;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thinslice.studies.PhantomGenerator;
import io.thinslice.studies.PhantomSpec;
import io.thinslice.volume.Decimation;
import io.thinslice.volume.Volume;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Quality on the small phantom: train briefly on the ×4-decimated phantom only, then PSNR over the synthesised
 * slices (protocol of method.md) against the thin phantom, fused vs cubic. Measured here: fused +0.12 dB after 150
 * steps, +0.24 dB after 400 (cubic 35.52 dB); the ×4 training level (incremental) gave less, so it is off, as for
 * the shipped weights.
 */
class ThreeViewQualityTest {

    /** Required advantage of fused over cubic, dB. */
    static final double MARGIN_DB = 0.1;

    @Test
    void fusedBeatsCubicOnThePhantom() {
        Volume thin = PhantomGenerator.thin(PhantomSpec.small());
        Volume thick = Decimation.keepEveryNth(thin, 4, 0);
        TrainingOptions options = TrainingOptions.defaults().withSteps(300).withSeed(3).withIncremental(false);
        try (ThreeViewWeights w = ThreeViewTraining.run(List.of(thick), ThreeViewArchitecture.defaults(), options, Map.of(), null)) {
            double cubic = SynthesisMetrics.psnrSynthesised(new CubicInterpolator().interpolate(thick, 4), thin, 4, 0);
            StringBuilder report = new StringBuilder(String.format(Locale.ROOT, "cubic %.3f", cubic));
            double fused = Double.NaN;
            for (ThreeViewInterpolator.View v : ThreeViewInterpolator.View.values()) {
                double p = SynthesisMetrics.psnrSynthesised(new ThreeViewInterpolator(w).withView(v).interpolate(thick, 4), thin, 4, 0);
                report.append(String.format(Locale.ROOT, ", %s %.3f", v, p));
                if (v == ThreeViewInterpolator.View.FUSED) {
                    fused = p;
                }
            }
            System.out.println("phantom x4 PSNR (dB): " + report);
            assertTrue(fused >= cubic + MARGIN_DB, report.toString());
        }
    }
}

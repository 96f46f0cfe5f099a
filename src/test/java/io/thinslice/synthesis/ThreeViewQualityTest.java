package io.thinslice.synthesis;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thinslice.studies.PhantomGenerator;
import io.thinslice.studies.PhantomSpec;
import io.thinslice.volume.Decimation;
import io.thinslice.volume.Volume;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * Quality on the small phantom: train briefly on the ×4-decimated phantom only, then PSNR over the synthesised
 * slices (protocol of method.md) against the thin phantom, fused vs cubic.
 */
class ThreeViewQualityTest {

    /** Required advantage of fused over cubic, dB. */
    static final double MARGIN_DB = 0.1;

    @Test
    @Disabled("fails today: fused +0.09 dB over cubic on the phantom (35.614 vs 35.524), below the 0.1 dB margin, and "
            + "fused is below cubic on Cranium (see synthesis README, 'Quality', round 2); enable when it passes with margin")
    void fusedBeatsCubicOnThePhantom() {
        Volume thin = PhantomGenerator.thin(PhantomSpec.small());
        Volume thick = Decimation.keepEveryNth(thin, 4, 0);
        TrainingOptions options = TrainingOptions.defaults().withSteps(150).withSeed(3);
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

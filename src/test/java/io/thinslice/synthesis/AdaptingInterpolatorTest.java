package io.thinslice.synthesis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thinslice.studies.PhantomGenerator;
import io.thinslice.studies.PhantomSpec;
import io.thinslice.volume.Decimation;
import io.thinslice.volume.Volume;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Per-series adaptation: fine-tunes a copy on the series, keeps the contract, and names a run-independent version. */
class AdaptingInterpolatorTest {

    @Test
    void adaptsOnTheSeriesKeepsAcquiredSlicesAndAVersionThatDoesNotDependOnTheRun() {
        Volume thin = PhantomGenerator.thin(new PhantomSpec(40, 36, 33, 1.5, 1.25, 42L));
        Volume thick = Decimation.keepEveryNth(thin, 4, 0);
        try (ThreeViewWeights weights = ThreeViewTraining.run(List.of(thick), ThreeViewArchitecture.defaults(),
                TrainingOptions.defaults().withSteps(3).withPatch(32).withSeed(5), Map.of(), null)) {
            ThreeViewInterpolator base = new ThreeViewInterpolator(weights);
            String baseVersion = weights.version();
            AtomicInteger steps = new AtomicInteger();
            AdaptingInterpolator adapting = new AdaptingInterpolator(base, Duration.ofSeconds(2)).onProgress(s -> steps.set(s.step()));
            assertEquals("three-view+adapt", adapting.name());
            assertEquals(baseVersion + "+adapt2s", adapting.version());

            Volume adapted = adapting.interpolate(thick, 4);
            assertTrue(steps.get() > 0, "adaptation took steps");
            assertEquals(baseVersion, weights.version(), "the shipped weights are not touched");
            for (int k = 0; k < thick.slices(); k++) {
                assertArrayEquals(thick.slice(k), adapted.slice(4 * k), "acquired slice " + k);
            }
            Volume plain = base.interpolate(thick, 4);
            assertFalse(java.util.Arrays.equals(plain.slice(1), adapted.slice(1)), "adapted weights predict differently");
            for (float v : adapted.voxels()) {
                assertFalse(Float.isNaN(v));
            }
        }
    }

    @Test
    void needsAPositiveTime() {
        assertThrows(IllegalArgumentException.class, () -> new AdaptingInterpolator(null, Duration.ZERO));
    }
}

package io.thinslice.synthesis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thinslice.studies.PhantomGenerator;
import io.thinslice.studies.PhantomSpec;
import io.thinslice.volume.Decimation;
import io.thinslice.volume.ThickSimulation;
import io.thinslice.volume.Volume;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Per-series adaptation: a fixed number of steps on a copy, the contract kept, a version that names the step count. */
class AdaptingInterpolatorTest {

    @Test
    void adaptsOnTheSeriesKeepsAcquiredSlicesAndAVersionThatNamesTheSteps() {
        Volume thin = PhantomGenerator.thin(new PhantomSpec(40, 36, 33, 1.5, 1.25, 42L));
        Volume thick = Decimation.keepEveryNth(thin, 4, 0);
        try (ThreeViewWeights weights = ThreeViewTraining.run(List.of(thick), ThreeViewArchitecture.defaults(),
                TrainingOptions.defaults().withSteps(3).withPatch(32).withSeed(5), Map.of(), null)) {
            ThreeViewInterpolator base = new ThreeViewInterpolator(weights);
            String baseVersion = weights.version();
            AtomicInteger steps = new AtomicInteger();
            AdaptingInterpolator adapting = new AdaptingInterpolator(base, new SeriesAdaptation(6, 3, 1e-3f, 2, 1, false))
                    .onProgress(s -> steps.set(s.step()));
            assertEquals("three-view+adapt", adapting.name());
            assertEquals(baseVersion + "+adapt6", adapting.version());

            Volume adapted = adapting.synthesise(thick, 4, ThickSimulation.Mode.DECIMATE).volume();
            assertEquals(6, steps.get(), "adaptation takes exactly its steps");
            assertEquals(baseVersion, weights.version(), "the shipped weights are not touched");
            for (int k = 0; k < thick.slices(); k++) {
                assertArrayEquals(thick.slice(k), adapted.slice(4 * k), "acquired slice " + k);
            }
            for (float v : adapted.voxels()) {
                assertFalse(Float.isNaN(v));
            }
        }
    }

    /**
     * Adaptation is a function of the series and the step count alone. The same with every core busy is
     * DeterminismIT's (through the node's command, in processes of their own); spinning threads in this JVM beside
     * libtorch's made this test take 99 s of the suite for the same answer.
     */
    @Test
    void theSameSeriesGivesTheSameWeightsAndPixelsTwice() {
        Volume thin = PhantomGenerator.thin(new PhantomSpec(40, 36, 33, 1.5, 1.25, 43L));
        Volume thick = Decimation.keepEveryNth(thin, 4, 0);
        try (ThreeViewWeights weights = ThreeViewWeights.initialise(ThreeViewArchitecture.defaults(), 9)) {
            SeriesAdaptation adaptation = new SeriesAdaptation(8, 4, 1e-3f, 2, 1, false);
            SeriesAdaptation.Result first = adapt(adaptation, weights, thick);
            // Again, on a copy of the series: a new array, so nothing can be remembered.
            SeriesAdaptation.Result second = adapt(adaptation, weights,
                    new Volume(thick.voxels().clone(), thick.slices(), thick.rows(), thick.columns(), thick.geometry()));
            try {
                assertEquals(first.trace(), second.trace(), "the same check scores at every checkpoint");
                assertEquals(3, first.trace().size());
                assertFalse(first.trace().get(0).split(":")[1].equals(first.trace().get(2).split(":")[1]),
                        "training moved the weights (else the comparison proves nothing): " + first.trace());
                assertEquals(first.bestStep(), second.bestStep());
                assertEquals(first.weights().version(), second.weights().version(), "bit-identical kept weights");
                assertArrayEquals(new ThreeViewInterpolator(first.weights()).interpolate(thick, 4).voxels(),
                        new ThreeViewInterpolator(second.weights()).interpolate(thick, 4).voxels(), "bit-identical output");
            } finally {
                first.weights().close();
                second.weights().close();
            }
        }
    }

    private static SeriesAdaptation.Result adapt(SeriesAdaptation adaptation, ThreeViewWeights weights, Volume thick) {
        InPlaneCheck check = InPlaneCheck.of(thick, 4, ThickSimulation.Mode.SLAB).orElseThrow();
        return adaptation.adapt(weights, thick, 4, ThickSimulation.Mode.SLAB, check, null);
    }

    @Test
    void refusesBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> new SeriesAdaptation(-1, 1, 1e-4f, 0, 1, false));
        assertThrows(IllegalArgumentException.class, () -> new SeriesAdaptation(10, 0, 1e-4f, 0, 1, false));
        assertTrue(SeriesAdaptation.defaults(5).steps() == 5);
    }
}

package io.thinslice.synthesis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thinslice.studies.PhantomGenerator;
import io.thinslice.studies.PhantomSpec;
import io.thinslice.volume.Decimation;
import io.thinslice.volume.Volume;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Contract of the three-view interpolator on a small phantom, with briefly trained weights (not quality). */
class ThreeViewInterpolatorTest {

    /** Incremental on: these contract tests also cover the ×4 training level, off by default. */
    private static final TrainingOptions SHORT = TrainingOptions.defaults().withSteps(4).withPatch(32).withSeed(11).withIncremental(true);
    private static Volume thin;
    private static Volume thick;
    private static ThreeViewWeights weights;

    @BeforeAll
    static void train() {
        thin = PhantomGenerator.thin(new PhantomSpec(40, 36, 33, 1.5, 1.25, 42L));
        thick = Decimation.keepEveryNth(thin, 4, 0);
        weights = ThreeViewTraining.run(List.of(thick), ThreeViewArchitecture.defaults(), SHORT, Map.of(), null);
    }

    @AfterAll
    static void close() {
        weights.close();
    }

    @Test
    void shapeSpacingAndAcquiredSlicesBitExact() {
        for (int factor : new int[] {2, 4}) {
            for (ThreeViewInterpolator.View view : ThreeViewInterpolator.View.values()) {
                Volume out = new ThreeViewInterpolator(weights).withView(view).interpolate(thick, factor);
                assertEquals((thick.slices() - 1) * factor + 1, out.slices());
                assertEquals(thick.rows(), out.rows());
                assertEquals(thick.columns(), out.columns());
                assertEquals(thick.geometry().sliceSpacing() / factor, out.geometry().sliceSpacing(), 1e-12);
                for (int k = 0; k < thick.slices(); k++) {
                    assertArrayEquals(thick.slice(k), out.slice(k * factor), view + " x" + factor + " slice " + k);
                }
            }
        }
    }

    @Test
    void clippedToSourceRangeAndNeverNaN() {
        // A source whose range is narrower than what the networks might produce.
        float[] v = thick.voxels().clone();
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.max(-200f, Math.min(300f, v[i]));
        }
        Volume narrow = new Volume(v, thick.slices(), thick.rows(), thick.columns(), thick.geometry());
        Volume out = new ThreeViewInterpolator(weights).interpolate(narrow, 4);
        for (float x : out.voxels()) {
            assertFalse(Float.isNaN(x));
            assertTrue(x >= -200f && x <= 300f, "value " + x + " outside the source range");
        }
    }

    @Test
    void boundedBatchesGiveTheSameResult() {
        Volume big = new ThreeViewInterpolator(weights).interpolate(thick, 4);
        Volume tiny = new ThreeViewInterpolator(weights, ThreeViewInterpolator.View.FUSED, FusionWeights.equal(), 700)
                .interpolate(thick, 4);
        float[] a = big.voxels();
        float[] b = tiny.voxels();
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], b[i], 1e-2f, "voxel " + i);
        }
    }

    @Test
    void saveThenLoadGivesIdenticalOutput(@TempDir Path dir) throws Exception {
        weights.putMetadata("training.commit", "test");
        weights.save(dir);
        try (ThreeViewWeights loaded = ThreeViewWeights.load(dir)) {
            assertEquals(weights.version(), loaded.version());
            assertEquals(weights.architecture(), loaded.architecture());
            assertEquals("test", loaded.metadata().get("training.commit"));
            assertArrayEquals(new ThreeViewInterpolator(weights).interpolate(thick, 4).voxels(),
                    new ThreeViewInterpolator(loaded).interpolate(thick, 4).voxels());
        }
    }

    @Test
    void sameSeedSameWeightsAndOutputOtherSeedNot() throws Exception {
        try (ThreeViewWeights again = whileCollectingGarbage(
                () -> ThreeViewTraining.run(List.of(thick), ThreeViewArchitecture.defaults(), SHORT, Map.of(), null));
             ThreeViewWeights other = ThreeViewTraining.run(List.of(thick), ThreeViewArchitecture.defaults(), SHORT.withSeed(12),
                     Map.of(), null)) {
            assertEquals(weights.version(), again.version());
            assertArrayEquals(new ThreeViewInterpolator(weights).interpolate(thick, 2).voxels(),
                    new ThreeViewInterpolator(again).interpolate(thick, 2).voxels());
            assertNotEquals(weights.version(), other.version());
        }
    }

    /**
     * Runs {@code work} while another thread keeps asking for garbage collection: a native buffer that autograd still
     * needs but Java no longer references (DJL's {@code mul(Number)}) is then freed mid-step, and the weights differ.
     */
    private static <T> T whileCollectingGarbage(java.util.concurrent.Callable<T> work) throws Exception {
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        Thread collector = new Thread(() -> {
            while (!done.get()) {
                System.gc();
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "gc-pressure");
        collector.start();
        try {
            return work.call();
        } finally {
            done.set(true);
            collector.join();
        }
    }

    @Test
    void untrainedAxialNetworkGivesItsBaselineCubicWithFourSlicesLinearWithTwo() {
        for (int inputs : new int[] {4, 2}) {
            try (ThreeViewWeights fresh = ThreeViewWeights.initialise(ThreeViewArchitecture.defaults().withAxialInputs(inputs), 5)) {
                Volume axial = new ThreeViewInterpolator(fresh).withView(ThreeViewInterpolator.View.AXIAL).interpolate(thick, 2);
                Volume classical = (inputs == 4 ? new CubicInterpolator() : new LinearInterpolator()).interpolate(thick, 2);
                float[] a = axial.voxels();
                float[] c = classical.voxels();
                float min = Float.MAX_VALUE;
                float max = -Float.MAX_VALUE;
                for (float v : thick.voxels()) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
                for (int i = 0; i < a.length; i++) {
                    // the model's output is clipped to the source range; cubic may overshoot it
                    assertEquals(Math.max(min, Math.min(max, c[i])), a[i], 0.05f, inputs + " inputs, voxel " + i);
                }
            }
        }
    }

    @Test
    void namesVersionAndSizes() {
        assertEquals("three-view", new ThreeViewInterpolator(weights).name());
        assertEquals("three-view-axial", new ThreeViewInterpolator(weights).withView(ThreeViewInterpolator.View.AXIAL).name());
        assertTrue(weights.version().startsWith("sha-"));
        // Sizes documented in the synthesis README; change both together.
        assertEquals(6048, weights.axialMacsPerOutputVoxel());
        assertEquals(14064, weights.planeMacsPerOutputVoxel());
        assertTrue(weights.parameterCount() > 0 && weights.parameterCount() < 2_000_000);
    }

    @Test
    void adaptationLeavesTheOriginalWeightsAlone() {
        String before = weights.version();
        InPlaneCheck check = InPlaneCheck.of(thick, 2, io.thinslice.volume.ThickSimulation.Mode.SLAB).orElseThrow();
        SeriesAdaptation.Result r = new SeriesAdaptation(4, 2, 1e-4f, 1, 5, false).adapt(weights, thick, 2,
                io.thinslice.volume.ThickSimulation.Mode.SLAB, check, null);
        try {
            assertEquals(before, weights.version());
            assertEquals(3, r.trace().size(), "checked before adapting and every 2 steps: " + r.trace());
            assertTrue(r.bestScore() >= r.baseScore(), "early stopping never keeps worse weights than it started from");
            Volume out = new ThreeViewInterpolator(r.weights()).interpolate(thick, 2);
            assertArrayEquals(thick.slice(1), out.slice(2));
        } finally {
            r.weights().close();
        }
    }
}

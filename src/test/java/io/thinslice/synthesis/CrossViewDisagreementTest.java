package io.thinslice.synthesis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thinslice.studies.PhantomGenerator;
import io.thinslice.studies.PhantomSpec;
import io.thinslice.volume.Decimation;
import io.thinslice.volume.ThickSeries;
import io.thinslice.volume.Volume;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The cross-view disagreement the uncertainty series is made of, with the shipped weights on a small phantom. */
class CrossViewDisagreementTest {

    private static Volume thick;
    private static ThreeViewWeights weights;

    @BeforeAll
    static void load() throws IOException {
        Volume thin = PhantomGenerator.thin(new PhantomSpec(40, 36, 33, 1.5, 1.25, 42L));
        thick = Decimation.keepEveryNth(thin, 4, 0);
        weights = ThreeViewWeights.loadDefault();
    }

    @AfterAll
    static void close() {
        weights.close();
    }

    /** Everything a sink receives, in call order. */
    private static final class Collected implements SliceSink {
        final List<float[]> slices = new ArrayList<>();
        final List<float[]> spread = new ArrayList<>();
        final List<String> calls = new ArrayList<>();

        @Override
        public void accept(int index, float[] hu) {
            calls.add("slice " + index);
            slices.add(hu.clone());
        }

        @Override
        public void acceptDisagreement(int index, float[] sdHu) {
            calls.add("sd " + index);
            spread.add(sdHu.clone());
        }
    }

    private static Collected run(ThreeViewInterpolator method, int factor) throws IOException {
        Collected c = new Collected();
        float[] range = {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
        for (float v : thick.voxels()) {
            range[0] = Math.min(range[0], v);
            range[1] = Math.max(range[1], v);
        }
        method.interpolateSlab(thick, factor, range[0], range[1], 0, (thick.slices() - 1) * factor + 1, c);
        return c;
    }

    @Test
    void slicesUnchangedAndEverySliceFollowedByItsDisagreement() throws IOException {
        ThreeViewInterpolator node = new ThreeViewInterpolator(weights, ThreeViewInterpolator.View.FUSED, FusionWeights.nodeDefault(),
                ThreeViewInterpolator.DEFAULT_MAX_BATCH_PIXELS);
        // x3 runs the x4 ladder and resamples (FineGrid): the disagreement is resampled with it
        for (int factor : new int[] {2, 3, 4}) {
            Collected plain = run(node, factor);
            Collected asked = run(node.withDisagreement(), factor);
            assertTrue(plain.spread.isEmpty(), "no disagreement unless asked");
            assertEquals(plain.slices.size(), asked.slices.size());
            for (int i = 0; i < plain.slices.size(); i++) {
                assertArrayEquals(plain.slices.get(i), asked.slices.get(i), "x" + factor + " slice " + i + " bit for bit");
                assertEquals("slice " + i, asked.calls.get(2 * i));
                assertEquals("sd " + i, asked.calls.get(2 * i + 1));
                float max = 0;
                for (float v : asked.spread.get(i)) {
                    assertTrue(v >= 0 && Float.isFinite(v), "an SD is finite and >= 0: " + v);
                    max = Math.max(max, v);
                }
                if (i % factor == 0) {
                    assertEquals(0f, max, "acquired slice " + i + " has no disagreement");
                } else {
                    assertTrue(max > 0, "x" + factor + " synthesised slice " + i + " has some disagreement");
                }
            }
        }
    }

    @Test
    void atX2ItIsTheSdOfTheThreeSingleViewsWhateverTheirFusionWeight() throws IOException {
        // the node's fusion leaves the axial view out, yet its prediction is part of the disagreement
        ThreeViewInterpolator node = new ThreeViewInterpolator(weights, ThreeViewInterpolator.View.FUSED, FusionWeights.nodeDefault(),
                ThreeViewInterpolator.DEFAULT_MAX_BATCH_PIXELS).withDisagreement();
        Collected c = run(node, 2);
        List<Collected> views = new ArrayList<>();
        for (ThreeViewInterpolator.View v : List.of(ThreeViewInterpolator.View.AXIAL, ThreeViewInterpolator.View.CORONAL,
                ThreeViewInterpolator.View.SAGITTAL)) {
            views.add(run(node.withView(v), 2));
        }
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (float v : thick.voxels()) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        int compared = 0;
        for (int i = 1; i < c.slices.size(); i += 2) {
            float[] a = views.get(0).slices.get(i);
            float[] b = views.get(1).slices.get(i);
            float[] s = views.get(2).slices.get(i);
            float[] expected = new float[a.length];
            CrossViewSpread.of(a, b, s, expected);
            for (int j = 0; j < a.length; j++) {
                if (Math.min(a[j], Math.min(b[j], s[j])) > lo && Math.max(a[j], Math.max(b[j], s[j])) < hi) { // none clipped
                    assertEquals(expected[j], c.spread.get(i)[j], 0.01f + 1e-3f * expected[j], "slice " + i + " voxel " + j);
                    compared++;
                }
            }
        }
        assertTrue(compared > 1000, "compared " + compared + " voxels");
    }

    @Test
    void levelTwoInheritsHalfItsNeighboursLevelOneSpreadInQuadrature() {
        // two gaps of one voxel; inputs: acquired (0), level-1 slice with SD 0.4, acquired (0)
        float[] own = {0.3f, 0.3f};
        float[] inputs = {0f, 0.4f, 0f};
        float[] out = ThreeViewInterpolator.inherit(own, inputs, 1);
        assertEquals(Math.sqrt(0.3 * 0.3 + 0.2 * 0.2), out[0], 1e-6);
        assertEquals(Math.sqrt(0.3 * 0.3 + 0.2 * 0.2), out[1], 1e-6);
        float[] first = {0.5f};
        assertTrue(ThreeViewInterpolator.inherit(first, null, 1) == first, "level 1: its own SD");
    }

    @Test
    void spreadOfThreeKnownValues() {
        float[] out = new float[2];
        CrossViewSpread.of(new float[] {1, 5}, new float[] {2, 5}, new float[] {3, 5}, out);
        assertEquals(Math.sqrt(2.0 / 3), out[0], 1e-6); // population SD of 1, 2, 3
        assertEquals(0f, out[1]);
    }

    @Test
    void slabsForwardTheDisagreementAtSeriesIndices() throws IOException {
        ThreeViewInterpolator node = new ThreeViewInterpolator(weights, ThreeViewInterpolator.View.FUSED, FusionWeights.nodeDefault(),
                ThreeViewInterpolator.DEFAULT_MAX_BATCH_PIXELS).withDisagreement();
        Collected c = new Collected();
        new SlabPlan(5, 1).stream(node, ThickSeries.of(thick), 2, c);
        int n = (thick.slices() - 1) * 2 + 1;
        assertEquals(2 * n, c.calls.size());
        for (int i = 0; i < n; i++) {
            assertEquals("sd " + i, c.calls.get(2 * i + 1));
        }
    }
}

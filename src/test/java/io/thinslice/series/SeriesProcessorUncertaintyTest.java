package io.thinslice.series;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thinslice.derive.DerivedSeriesSettings;
import io.thinslice.dicom.SourceSeriesSpec;
import io.thinslice.dicom.SourceSeriesWriter;
import io.thinslice.studies.PhantomGenerator;
import io.thinslice.studies.PhantomSpec;
import io.thinslice.synthesis.FusionWeights;
import io.thinslice.synthesis.Interpolators;
import io.thinslice.synthesis.ThreeViewInterpolator;
import io.thinslice.synthesis.ThreeViewSettings;
import io.thinslice.volume.Decimation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code thinslice.derive.uncertainty}: a second series when the model makes the slices, none (and why) otherwise. */
class SeriesProcessorUncertaintyTest {

    @TempDir
    Path tmp;

    private List<Path> series() throws Exception {
        var thin = PhantomGenerator.thin(new PhantomSpec(32, 32, 17, 1.5, 1.25, 7L));
        return SourceSeriesWriter.write(Decimation.keepEveryNth(thin, 4, 0), SourceSeriesSpec.named("uncertainty/test", "Spread^Test",
                "Spread test", 2, 0), tmp.resolve("study"));
    }

    private SeriesProcessor processor(String method, double guardMargin) {
        ThreeViewSettings settings = new ThreeViewSettings(Optional.empty(), FusionWeights.nodeDefault(), 0, guardMargin,
                ThreeViewInterpolator.DEFAULT_MAX_BATCH_PIXELS);
        return new SeriesProcessor(Interpolators.create(method, settings), 4, DerivedSeriesSettings.defaults(), "THINSLICE",
                DerivedFolders.under(tmp.resolve("storage"))).withUncertainty(true);
    }

    @Test
    void theModelMakesASecondSeriesOnTheSamePositions() throws Exception {
        SeriesProcessor.Result r = processor("three-view-fused", 0).process(series());
        assertNotEquals(null, r.uncertaintySeriesUid());
        assertNotEquals(r.derivedSeriesUid(), r.uncertaintySeriesUid());
        assertEquals(r.instances().size(), r.uncertaintyInstances().size());
        assertEquals(2 * r.instances().size(), r.allInstances().size(), "both series are exported");
        for (Path p : r.uncertaintyInstances().values()) {
            assertTrue(Files.isRegularFile(p), p + " published");
            assertEquals(r.uncertaintySeriesUid(), p.getParent().getFileName().toString(), "its own published folder (served by DICOMweb)");
        }
        assertTrue(r.synthesis().get("uncertainty").contains(r.uncertaintySeriesUid()), r.synthesis().toString());
    }

    @Test
    void theGuardedMethodMakesItWhenTheGuardChoosesTheModel() throws Exception {
        SeriesProcessor.Result r = processor("three-view", -1000).process(series());
        assertEquals("three-view", r.synthesis().get("choice"), r.synthesis().toString());
        assertEquals(r.instances().size(), r.uncertaintyInstances().size());
    }

    @Test
    void noSecondSeriesWhenAClassicalMethodMadeTheSlices() throws Exception {
        for (String method : List.of("linear", "three-view")) { // three-view: the guard chooses linear or cubic at this margin
            SeriesProcessor.Result r = processor(method, 1000).process(series());
            assertNull(r.uncertaintySeriesUid(), method);
            assertTrue(r.uncertaintyInstances().isEmpty(), method);
            assertTrue(r.synthesis().get("uncertainty").startsWith("none: "), method + ": the job says why: " + r.synthesis());
        }
    }
}

package io.thinslice.series;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.thinslice.derive.DerivedSeriesSettings;
import io.thinslice.dicom.SourceSeriesSpec;
import io.thinslice.dicom.SourceSeriesWriter;
import io.thinslice.studies.PhantomGenerator;
import io.thinslice.studies.PhantomSpec;
import io.thinslice.synthesis.Interpolators;
import io.thinslice.volume.Decimation;
import io.thinslice.volume.SeriesRefusedException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Selection runs on the headers before validation: what it does not select is ignored, never failed. */
class SeriesProcessorSelectionTest {

    @TempDir
    Path tmp;

    private SeriesProcessor processor() {
        return new SeriesProcessor(Interpolators.byName("linear"), 4, DerivedSeriesSettings.defaults(), "THINSLICE", DerivedFolders.under(tmp));
    }

    private List<Path> series(String name, int thinSlices, String... imageType) throws Exception {
        var thin = PhantomGenerator.thin(new PhantomSpec(16, 16, thinSlices, 3, 1.25, 7));
        return SourceSeriesWriter.write(Decimation.keepEveryNth(thin, 4, 0),
                SourceSeriesSpec.named("selection/" + name, "Selection^Test", name, 2, 0).withImageType(imageType), tmp.resolve(name));
    }

    @Test
    void aTwoSliceSeriesIsIgnoredByTheSelectionAndFailedWithoutIt() throws Exception {
        List<Path> two = series("two", 5, "ORIGINAL", "PRIMARY", "AXIAL");
        List<SeriesSelection.Decision> told = new ArrayList<>();
        SeriesRefusedException ignored = assertThrows(SeriesRefusedException.class,
                () -> processor().select(SeriesSelection.defaults(), told::add).process(two));
        assertEquals(SeriesRefusedException.Outcome.IGNORED, ignored.outcome());
        assertEquals("the series has 2 instances; thinslice.select.min-slices is 8", ignored.getMessage());
        assertEquals(List.of(SeriesSelection.MIN_SLICES), told.stream().map(SeriesSelection.Decision::rule).toList());
        // Without selection (the synthesize command) validation judges it.
        SeriesRefusedException failed = assertThrows(SeriesRefusedException.class, () -> processor().process(two));
        assertEquals(SeriesRefusedException.Outcome.FAILED, failed.outcome());
    }

    @Test
    void aSelectedSeriesIsDerivedAndCountedAsSelected() throws Exception {
        List<Path> nine = series("nine", 33, "ORIGINAL", "PRIMARY", "AXIAL");
        List<SeriesSelection.Decision> told = new ArrayList<>();
        SeriesProcessor.Result r = processor().select(SeriesSelection.defaults(), told::add).process(nine);
        assertEquals(33, r.instances().size());
        assertEquals(1, told.size());
        assertEquals(true, told.get(0).selected());
    }

    @Test
    void aLocalizerIsIgnoredBeforeAnyOtherCheck() throws Exception {
        List<Path> scout = series("scout", 1, "ORIGINAL", "PRIMARY", "LOCALIZER");
        SeriesRefusedException e = assertThrows(SeriesRefusedException.class,
                () -> processor().select(SeriesSelection.defaults(), d -> { }).process(scout));
        assertEquals(SeriesRefusedException.Outcome.IGNORED, e.outcome());
        assertEquals("Image Type is ORIGINAL\\PRIMARY\\LOCALIZER (a localizer); thinslice.select takes AXIAL only", e.getMessage());
    }
}

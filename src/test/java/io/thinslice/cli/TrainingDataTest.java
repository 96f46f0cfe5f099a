package io.thinslice.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thinslice.dicom.SourceSeriesSpec;
import io.thinslice.dicom.SourceSeriesWriter;
import io.thinslice.studies.PhantomGenerator;
import io.thinslice.studies.PhantomSpec;
import io.thinslice.volume.Decimation;
import io.thinslice.volume.Volume;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The train command's data options: studies, a site's thick series, lone slices. */
class TrainingDataTest {

    @TempDir
    Path tmp;

    private Path site;
    private Path slice;

    private static TrainingData.Request request(String... args) {
        Options o = Options.parse(args);
        TrainingData.Request r = TrainingData.request(o);
        o.requireAllKnown();
        return r;
    }

    /** A site folder with one thick series (5 slices, 5 mm) and, elsewhere, one lone slice. */
    @BeforeEach
    void writeSeries() throws Exception {
        Volume thick = Decimation.keepEveryNth(PhantomGenerator.thin(new PhantomSpec(16, 16, 17, 1.5, 1.25, 3)), 4, 0);
        site = tmp.resolve("site");
        SourceSeriesWriter.write(thick, SourceSeriesSpec.named("site-thick", "Site^Thick", "site 5 mm", 2, 0), site.resolve("study1/series2"));
        Volume one = new Volume(thick.slice(2), 1, 16, 16, thick.geometry());
        slice = SourceSeriesWriter.write(one, SourceSeriesSpec.named("site-slice", "Site^Slice", "lone", 9, 0), tmp.resolve("slices")).get(0);
    }

    @Test
    void theStudyIsCraniumByDefaultAsBeforeButNotWhenASiteGivesItsOwnSeries() {
        assertEquals(List.of("cranium"), request().studies());
        assertEquals(List.of(), request("--input", "somewhere").studies());
        assertEquals(List.of("cranium", "phantom"), request("--input", "somewhere", "--study", "cranium,phantom").studies());
        assertEquals(List.of(), request("--study", "none").studies());
        assertArrayEquals(new int[] {2, 4}, request().factors());
    }

    @Test
    void realSlicesNameTheFilesOfTheFetchScript() {
        TrainingData.Request r = request("--real-slices", "true", "--slices", "a.dcm,b");
        assertEquals(List.of(Path.of("a.dcm"), Path.of("b"), TrainingData.REAL_SLICES.resolve("ami-head-ct.dcm"),
                TrainingData.REAL_SLICES.resolve("ami-melanix-ct.dcm")), r.slices());
    }

    @Test
    void aSiteSeriesIsTakenAsItIsAndALoneSliceAsASlice() throws Exception {
        TrainingData.Material m = TrainingData.load(request("--study", "phantom", "--factors", "4", "--input", site.toString(),
                "--slices", slice.toString()));

        assertEquals(2, m.thick().size());
        assertEquals(9, m.thick().get(0).slices(), "the phantom, decimated by 4");
        assertEquals(5, m.thick().get(1).slices(), "the site series, not decimated");
        assertEquals(5.0, m.thick().get(1).geometry().sliceSpacing(), 1e-4);
        assertEquals(1, m.slices().size());
        assertEquals(1, m.slices().get(0).slices());
        assertEquals(List.of(), m.refused());
        assertEquals(List.of("phantom 33x64x64 decimated by 4 [phantom:chest-v1:42]"), m.thickProvenance().subList(0, 1));
        assertTrue(m.thickProvenance().get(1).matches("series [0-9.]+ \"site 5 mm\" \\(HEAD\\): 5 slices of 16x16, 1.5 x 1.5 mm pixels,"
                + " 5 mm apart, from .*/site/study1/series2"), m.thickProvenance().get(1));
        assertTrue(m.sliceProvenance().get(0).startsWith("slice "), m.sliceProvenance().get(0));
        assertTrue(m.sliceProvenance().get(0).endsWith("from " + slice), m.sliceProvenance().get(0));
        // what eval checks a study against: the phantom, the site series and the slice's series, by identity
        assertEquals(3, m.seen().size(), m.seen().toString());
        assertEquals("phantom:chest-v1:42", m.seen().get(0));
        assertTrue(m.seen().get(1).startsWith("series:") && m.seen().get(2).startsWith("series:"), m.seen().toString());
    }

    @Test
    void aLoneSliceUnderInputAndASeriesUnderSlicesAreLeftOutWithAHint() throws Exception {
        TrainingData.Material m = TrainingData.load(request("--input", site + "," + slice, "--slices", slice + "," + site));

        assertEquals(1, m.thick().size());
        assertEquals(1, m.slices().size());
        assertEquals(2, m.refused().size(), m.refused().toString());
        assertTrue(m.refused().get(0).endsWith(": a lone slice, not a thick series; give it with --slices"), m.refused().get(0));
        assertTrue(m.refused().get(1).endsWith(": a series of 5 slices, not a lone slice; give its folder with --input"), m.refused().get(1));
    }

    @Test
    void inputWithoutAUsableSeriesOrAMissingPathIsAUsageError() throws Exception {
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> TrainingData.load(request("--input", slice.toString())));
        assertTrue(none.getMessage().startsWith("--input [" + slice + "]: no usable thick series; left out:\n  slice "), none.getMessage());

        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> TrainingData.load(request("--slices", tmp.resolve("nowhere").toString())));
        assertEquals("--slices: no such file or folder: " + tmp.resolve("nowhere"), missing.getMessage());

        IllegalArgumentException factor = assertThrows(IllegalArgumentException.class, () -> request("--factors", "3"));
        assertEquals("--factors takes 2 and/or 4", factor.getMessage());
    }
}

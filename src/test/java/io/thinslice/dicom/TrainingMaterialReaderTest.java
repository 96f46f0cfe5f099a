package io.thinslice.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import io.thinslice.studies.PhantomGenerator;
import io.thinslice.studies.PhantomSpec;
import io.thinslice.volume.Decimation;
import io.thinslice.volume.Geometry;
import io.thinslice.volume.Volume;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training material read from Part 10 files that the project writes itself. */
class TrainingMaterialReaderTest {

    @TempDir
    Path tmp;

    /** A small thick phantom: 5 slices of 16 x 16, 1.5 mm pixels, 5 mm apart. */
    private static Volume thickPhantom() {
        return Decimation.keepEveryNth(PhantomGenerator.thin(new PhantomSpec(16, 16, 17, 1.5, 1.25, 7)), 4, 0);
    }

    /** The stored HU of {@link SourceSeriesWriter}'s unsigned series: whole numbers in [-1024, 3071]. */
    private static float[] asStored(Volume v) {
        float[] out = v.voxels().clone();
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.max(-1024, Math.min(3071, Math.round(out[i])));
        }
        return out;
    }

    private static Volume firstSlice(Volume v) {
        return new Volume(v.slice(0), 1, v.rows(), v.columns(), v.geometry());
    }

    @Test
    void aSeriesBecomesOneVolumeEqualToWhatWasWritten() throws IOException {
        Volume thick = thickPhantom();
        SourceSeriesSpec spec = SourceSeriesSpec.named("material-series", "Phantom^Thick", "thick 5 mm", 3, 0);
        SourceSeriesWriter.write(thick, spec, tmp.resolve("site/study/thick"));

        TrainingMaterialReader.Material m = TrainingMaterialReader.read(List.of(tmp.resolve("site")));

        assertEquals(List.of(), m.refused());
        assertEquals(List.of(), m.slices());
        assertEquals(1, m.volumes().size());
        TrainingMaterialReader.Item item = m.volumes().get(0);
        Volume v = item.volume();
        assertEquals(List.of(thick.slices(), thick.rows(), thick.columns()), List.of(v.slices(), v.rows(), v.columns()));
        assertArrayEquals(asStored(thick), v.voxels());
        assertGeometry(thick.geometry(), v.geometry());
        assertEquals(spec.seriesInstanceUid(), item.seriesInstanceUid());
        assertEquals("series " + spec.seriesInstanceUid() + " \"thick 5 mm\" (HEAD): 5 slices of 16x16, 1.5 x 1.5 mm pixels, 5 mm apart, from "
                + tmp.resolve("site/study/thick").toAbsolutePath(), item.provenance());
    }

    @Test
    void aLoneSliceBecomesAOneSliceVolumeWithItsPixelSpacingAndThickness() throws IOException {
        Volume slice = firstSlice(thickPhantom());
        SourceSeriesSpec spec = SourceSeriesSpec.named("material-slice", "Phantom^Slice", "one slice", 4, 1);
        Path file = SourceSeriesWriter.write(slice, spec, tmp.resolve("slices")).get(0);

        TrainingMaterialReader.Material m = TrainingMaterialReader.read(List.of(file));

        assertEquals(List.of(), m.refused());
        assertEquals(List.of(), m.volumes());
        assertEquals(1, m.slices().size());
        Volume v = m.slices().get(0).volume();
        assertEquals(List.of(1, 16, 16), List.of(v.slices(), v.rows(), v.columns()));
        assertArrayEquals(asStored(slice), v.voxels());
        // SourceSeriesWriter writes the slice spacing as Slice Thickness, which a lone slice takes as its spacing.
        assertGeometry(slice.geometry(), v.geometry());
        String provenance = m.slices().get(0).provenance();
        assertTrue(provenance.contains("of series " + spec.seriesInstanceUid() + " \"one slice\" (HEAD): 16x16, 1.5 x 1.5 mm pixels, 5 mm thick, from "
                + file), provenance);
    }

    @Test
    void whatCannotBeUsedIsListedWithTheReason() throws Exception {
        Path dir = tmp.resolve("mixed");
        // Not CT: the phantom relabelled as MR.
        Path mr = SourceSeriesWriter.write(firstSlice(thickPhantom()), SourceSeriesSpec.named("material-mr", "P^MR", "mr", 5, 0), dir.resolve("mr")).get(0);
        AttributeList list = new AttributeList();
        list.read(mr.toFile());
        list.replaceWithValueIfPresent(TagFromName.Modality, "MR");
        list.write(mr.toFile(), TransferSyntax.ExplicitVRLittleEndian, true, true);
        // Broken: a slice cut short inside its Pixel Data.
        Path cut = SourceSeriesWriter.write(firstSlice(thickPhantom()), SourceSeriesSpec.named("material-cut", "P^Cut", "cut", 6, 0), dir.resolve("cut")).get(0);
        byte[] bytes = Files.readAllBytes(cut);
        Files.write(cut, Arrays.copyOf(bytes, bytes.length - 200));
        // Two slices: too few for a volume, too many for a lone slice.
        Volume two = new Volume(Arrays.copyOf(thickPhantom().voxels(), 2 * 256), 2, 16, 16, thickPhantom().geometry());
        SourceSeriesWriter.write(two, SourceSeriesSpec.named("material-two", "P^Two", "two", 7, 0), dir.resolve("two"));
        // Not DICOM at all.
        Files.writeString(dir.resolve("notes.txt"), "scanner notes");

        TrainingMaterialReader.Material m = TrainingMaterialReader.read(List.of(dir));

        assertEquals(List.of(), m.volumes());
        assertEquals(List.of(), m.slices());
        List<String> refused = m.refused().stream().map(Object::toString).toList();
        assertEquals(4, refused.size(), refused.toString());
        assertTrue(refused.contains(dir.resolve("notes.txt") + ": not a DICOM Part 10 file (no DICM prefix)"), refused.toString());
        assertTrue(refused.stream().anyMatch(r -> r.startsWith(mr + ": modality is MR, not CT")), refused.toString());
        assertTrue(refused.stream().anyMatch(r -> r.startsWith(cut + ": ")), refused.toString());
        assertTrue(refused.stream().anyMatch(r -> r.contains("(2 files in " + dir.resolve("two").toAbsolutePath() + "): the series has 2 slices; at least 3")),
                refused.toString());
    }

    @Test
    void aCopyOfAnInstanceIsReadOnceAndNamed() throws IOException {
        List<Path> files = SourceSeriesWriter.write(thickPhantom(), SourceSeriesSpec.named("material-copy", "P^Copy", "copy", 8, 0), tmp.resolve("a"));
        Files.createDirectories(tmp.resolve("b"));
        Path copy = Files.copy(files.get(2), tmp.resolve("b/copy.dcm"));

        TrainingMaterialReader.Material m = TrainingMaterialReader.read(List.of(tmp.resolve("a"), tmp.resolve("b")));

        assertEquals(1, m.volumes().size());
        assertEquals(5, m.volumes().get(0).volume().slices());
        assertEquals(List.of(copy + ": same SOP Instance UID as " + files.get(2) + " (a copy); read once"),
                m.refused().stream().map(Object::toString).toList());
    }

    @Test
    void aLocalizerInsideASeriesIsLeftOutAndNamed() throws Exception {
        List<Path> files = SourceSeriesWriter.write(thickPhantom(), SourceSeriesSpec.named("material-scout", "P^Scout", "with scout", 10, 0),
                tmp.resolve("scout"));
        Path scout = tmp.resolve("scout/scout.dcm");
        AttributeList list = new AttributeList();
        list.read(files.get(0).toFile());
        list.replaceWithValueIfPresent(TagFromName.SOPInstanceUID, "1.2.3.4.5.6.7");
        Attrs.put(list, TagFromName.ImageType, "ORIGINAL", "PRIMARY", "LOCALIZER");
        list.write(scout.toFile(), TransferSyntax.ExplicitVRLittleEndian, true, true);

        TrainingMaterialReader.Material m = TrainingMaterialReader.read(List.of(tmp.resolve("scout")));

        assertEquals(1, m.volumes().size());
        assertEquals(5, m.volumes().get(0).volume().slices());
        assertEquals(List.of(scout + ": localizer (a projection, not a slice); left out of series " + m.volumes().get(0).seriesInstanceUid()),
                m.refused().stream().map(Object::toString).toList());
    }

    @Test
    void aMissingRootIsAnError() {
        IOException e = assertThrows(IOException.class, () -> TrainingMaterialReader.read(List.of(tmp.resolve("nowhere"))));
        assertEquals("no such file or folder: " + tmp.resolve("nowhere"), e.getMessage());
    }

    private static void assertGeometry(Geometry expected, Geometry actual) {
        assertArrayEquals(expected.origin(), actual.origin(), 1e-4);
        assertArrayEquals(expected.rowDirection(), actual.rowDirection(), 1e-6);
        assertArrayEquals(expected.columnDirection(), actual.columnDirection(), 1e-6);
        assertEquals(expected.rowSpacing(), actual.rowSpacing(), 1e-6);
        assertEquals(expected.columnSpacing(), actual.columnSpacing(), 1e-6);
        assertEquals(expected.sliceSpacing(), actual.sliceSpacing(), 1e-4);
    }
}

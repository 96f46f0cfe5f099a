package io.thinslice.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thinslice.dicom.TrainingMaterialReader;
import io.thinslice.volume.Geometry;
import io.thinslice.volume.Volume;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real single CT slices of test-studies/fetch-real-slices.sh, read as training material. The script runs here
 * when its output is missing (it needs the npm registry and gdcmconv); if it cannot, the test fails with its message.
 */
class RealSlicesIT {

    private static final Path DIR = Path.of("test-studies/generated/real-slices");
    private static final Path SCRIPT = Path.of("test-studies/fetch-real-slices.sh");

    private static Map<String, TrainingMaterialReader.Item> byFile;
    private static TrainingMaterialReader.Material material;

    @BeforeAll
    static void fetchAndRead() throws Exception {
        if (!Files.isRegularFile(DIR.resolve("SOURCES.txt"))) {
            Tool.run(List.of("bash", SCRIPT.toString()), 600).requireSuccess(SCRIPT.toString());
        }
        material = TrainingMaterialReader.read(List.of(DIR));
        byFile = material.slices().stream().collect(Collectors.toMap(
                i -> i.provenance().substring(i.provenance().lastIndexOf('/') + 1), Function.identity()));
    }

    @Test
    void bothRealSlicesAreLoneSlicesAndOnlyTheSourcesNoteIsRefused() {
        assertEquals(List.of(DIR.resolve("SOURCES.txt") + ": not a DICOM Part 10 file (no DICM prefix)"),
                material.refused().stream().map(Object::toString).toList());
        assertEquals(List.of(), material.volumes());
        assertEquals(List.of("ami-head-ct.dcm", "ami-melanix-ct.dcm"), byFile.keySet().stream().sorted().toList());
    }

    @Test
    void headSliceIsHalfAMillimetreWithItsGantryTilt() {
        TrainingMaterialReader.Item head = byFile.get("ami-head-ct.dcm");
        Volume v = head.volume();
        Geometry g = v.geometry();
        assertEquals(List.of(1, 512, 512), List.of(v.slices(), v.rows(), v.columns()));
        assertEquals(0.429688, g.rowSpacing(), 1e-9);
        assertEquals(0.429688, g.columnSpacing(), 1e-9);
        assertEquals(5.0, g.sliceSpacing(), 1e-9, "Slice Thickness stands in for the spacing");
        assertArrayEquals(new double[] {-110.0, -130.495, 12.981}, g.origin(), 1e-9);
        assertArrayEquals(new double[] {0, 0.998135, -0.061049}, g.columnDirection(), 1e-9, "3.5 degrees of gantry tilt, kept");
        assertPlausibleHu(v, "head");
        assertTrue(head.provenance().contains("\"5mm Axial\" (body part not given): 512x512, 0.429688 x 0.429688 mm pixels, 5 mm thick, from"),
                head.provenance());
    }

    @Test
    void melanixSliceIsDecodedFromLossyJpeg2000AndSaysSo() {
        TrainingMaterialReader.Item melanix = byFile.get("ami-melanix-ct.dcm");
        Volume v = melanix.volume();
        Geometry g = v.geometry();
        assertEquals(List.of(1, 512, 512), List.of(v.slices(), v.rows(), v.columns()));
        assertEquals(0.9765625, g.rowSpacing(), 1e-9);
        assertEquals(2.0, g.sliceSpacing(), 1e-9);
        assertArrayEquals(new double[] {-249.51171875, -366.51171875, -801.6}, g.origin(), 1e-9);
        assertPlausibleHu(v, "MELANIX");
        assertTrue(melanix.provenance().contains("\"CT WB_Native_2mm\" (CHEST): 512x512, 0.9765625 x 0.9765625 mm pixels, 2 mm thick,"
                + " lossy-compressed at source (Lossy Image Compression 01), from"), melanix.provenance());
    }

    /** Air around the patient, soft tissue and bone inside: a decoded CT slice, not noise or a rendering. */
    private static void assertPlausibleHu(Volume v, String what) {
        int air = 0;
        int soft = 0;
        int bone = 0;
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float f : v.voxels()) {
            min = Math.min(min, f);
            max = Math.max(max, f);
            air += f < -900 ? 1 : 0;
            soft += f > -100 && f < 100 ? 1 : 0;
            bone += f > 400 ? 1 : 0;
        }
        int n = v.voxels().length;
        String summary = what + ": min " + min + ", max " + max + ", air " + air + ", soft " + soft + ", bone " + bone + " of " + n;
        assertTrue(min >= -3100 && max <= 4000, summary);
        assertTrue(air > n / 10 && soft > n / 20 && bone > n / 500, summary);
    }
}

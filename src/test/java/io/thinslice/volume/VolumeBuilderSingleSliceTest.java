package io.thinslice.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link VolumeBuilder#validateSingleSlice}: a lone slice, used for its in-plane anatomy. */
class VolumeBuilderSingleSliceTest {

    private static SliceHeader slice(double[] position, double[] orientation, double[] pixelSpacing, String modality, List<String> imageType) {
        return new SliceHeader(Path.of("s.dcm"), VolumeBuilder.CT_IMAGE_STORAGE, "1.2.3.9", "1.2.3", "1.2.3.4", "1.2.3.5", modality,
                position, orientation, pixelSpacing, 4, 5, 1, 1, 16, 12, 0, 1, -1024, 1, imageType, false, false, "Head", 2, null);
    }

    private static SliceHeader axial(double[] orientation) {
        return slice(new double[] {-10, -20, 30}, orientation, new double[] {0.4, 0.5}, "CT", List.of("ORIGINAL", "PRIMARY", "AXIAL"));
    }

    @Test
    void aTiltedAxialSliceKeepsItsPositionOrientationAndSpacing() throws SeriesRefusedException {
        double c = Math.cos(Math.toRadians(20));
        double s = Math.sin(Math.toRadians(20));
        SliceStack stack = VolumeBuilder.validateSingleSlice(axial(new double[] {1, 0, 0, 0, c, -s}), 5);
        Geometry g = stack.geometry();
        assertArrayEquals(new double[] {-10, -20, 30}, g.origin());
        assertArrayEquals(new double[] {0, c, -s}, g.columnDirection());
        assertEquals(List.of(0.4, 0.5, 5.0), List.of(g.rowSpacing(), g.columnSpacing(), g.sliceSpacing()));
        assertEquals(1, stack.slices().size());
    }

    @Test
    void withoutPositionOrOrientationTheSliceLiesAtTheOriginAxial() throws SeriesRefusedException {
        SliceHeader h = slice(null, null, new double[] {0.7, 0.7}, "CT", List.of("ORIGINAL", "PRIMARY", "AXIAL"));
        Geometry g = VolumeBuilder.validateSingleSlice(h, 1).geometry();
        assertEquals(Geometry.axial(new double[3], 0.7, 1), g);
    }

    @Test
    void coronalSlicesLocalizersNonCtAndMissingPixelSpacingAreRefused() {
        assertEquals("the slice is not axial (normal (0.000, -1.000, 0.000)), it is closer to coronal or sagittal",
                assertThrows(SeriesRefusedException.class,
                        () -> VolumeBuilder.validateSingleSlice(axial(new double[] {1, 0, 0, 0, 0, 1}), 2)).getMessage());
        SliceHeader scout = slice(new double[3], new double[] {1, 0, 0, 0, 1, 0}, new double[] {1, 1}, "CT",
                List.of("ORIGINAL", "PRIMARY", "LOCALIZER"));
        assertEquals("instance 1.2.3.9 is a localizer (a projection, not a slice)",
                assertThrows(SeriesRefusedException.class, () -> VolumeBuilder.validateSingleSlice(scout, 2)).getMessage());
        SliceHeader mr = slice(new double[3], new double[] {1, 0, 0, 0, 1, 0}, new double[] {1, 1}, "MR", List.of("ORIGINAL", "PRIMARY"));
        assertEquals(SeriesRefusedException.Outcome.IGNORED,
                assertThrows(SeriesRefusedException.class, () -> VolumeBuilder.validateSingleSlice(mr, 2)).outcome());
        SliceHeader noSpacing = slice(new double[3], new double[] {1, 0, 0, 0, 1, 0}, null, "CT", List.of("ORIGINAL", "PRIMARY", "AXIAL"));
        assertEquals("instance 1.2.3.9 has no valid Pixel Spacing",
                assertThrows(SeriesRefusedException.class, () -> VolumeBuilder.validateSingleSlice(noSpacing, 2)).getMessage());
    }
}

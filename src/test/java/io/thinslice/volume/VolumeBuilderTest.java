package io.thinslice.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class VolumeBuilderTest {

    private static final double[] AXIAL = {1, 0, 0, 0, 1, 0};
    /** Feet-first supine style: rows along +x, columns along -y, so the normal is -z. */
    private static final double[] AXIAL_REVERSED = {1, 0, 0, 0, -1, 0};
    private static final double[] SAGITTAL = {0, 1, 0, 0, 0, -1};

    /** A hand-made header; every field has a sensible CT default that a test may change. */
    private static final class H {
        String uid;
        String modality = "CT";
        String sopClass = VolumeBuilder.CT_IMAGE_STORAGE;
        double[] position;
        double[] orientation = AXIAL;
        double[] pixelSpacing = {0.5, 0.7};
        int rows = 2;
        int columns = 3;
        int bitsStored = 12;
        int pixelRepresentation = 0;
        double slope = 1;
        double intercept = -1024;
        int instanceNumber = 1;
        boolean derived;
        String study = "1.2.3";

        H(String uid, double x, double y, double z) {
            this.uid = uid;
            this.position = new double[] {x, y, z};
        }

        H orientation(double[] o) {
            this.orientation = o;
            return this;
        }

        H instance(int n) {
            this.instanceNumber = n;
            return this;
        }

        SliceHeader build() {
            return new SliceHeader(Path.of(uid + ".dcm"), sopClass, uid, study, "1.2.3.4", "1.2.3.5", modality, position,
                    orientation, pixelSpacing, rows, columns, 1, 1, 16, bitsStored, pixelRepresentation, slope, intercept,
                    instanceNumber, List.of("ORIGINAL", "PRIMARY", "AXIAL"), false, derived, "Thorax", 3, null);
        }
    }

    /** {@code count} axial slices at z = z0 + i·step (uid "s<i>"), instance numbers counting down. */
    private static List<H> stack(int count, double z0, double step) {
        List<H> hs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            hs.add(new H("s" + i, -120, -80, z0 + i * step).instance(count - i));
        }
        return hs;
    }

    private static List<SliceHeader> build(List<H> hs) {
        return hs.stream().map(H::build).toList();
    }

    private static List<String> uids(SliceStack stack) {
        return stack.slices().stream().map(SliceHeader::sopInstanceUid).toList();
    }

    private static SeriesRefusedException refused(List<H> hs) {
        return assertThrows(SeriesRefusedException.class, () -> VolumeBuilder.validate(build(hs)));
    }

    private static void assertFailed(List<H> hs, String... fragments) {
        SeriesRefusedException e = refused(hs);
        assertEquals(SeriesRefusedException.Outcome.FAILED, e.outcome(), e.getMessage());
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "'" + e.getMessage() + "' should contain '" + f + "'");
        }
    }

    /** Every slice lies where the stack geometry says slice i lies. */
    private static void assertGeometryMatchesSlices(SliceStack stack) {
        for (int i = 0; i < stack.slices().size(); i++) {
            assertArrayEquals(stack.slices().get(i).imagePosition(), stack.geometry().positionOf(i), 1e-6, "slice " + i);
        }
    }

    @Test
    void sortsAlongTheNormalWhateverTheListOrderAndInstanceNumbers() throws Exception {
        List<String> expected = List.of("s0", "s1", "s2", "s3", "s4", "s5");
        Random random = new Random(42);
        for (int trial = 0; trial < 10; trial++) {
            List<H> hs = stack(6, -30, 5);
            // Instance numbers that disagree with position: shuffled independently of the list order.
            List<Integer> numbers = new ArrayList<>(List.of(1, 2, 3, 4, 5, 6));
            Collections.shuffle(numbers, random);
            for (int i = 0; i < hs.size(); i++) {
                hs.get(i).instance(numbers.get(i));
            }
            Collections.shuffle(hs, random);
            SliceStack stack = VolumeBuilder.validate(build(hs));
            assertEquals(expected, uids(stack));
            assertArrayEquals(new double[] {-120, -80, -30}, stack.geometry().origin(), 1e-12);
            assertGeometryMatchesSlices(stack);
        }
    }

    @Test
    void reversedListWithAscendingInstanceNumbersStillSortsByPosition() throws Exception {
        List<H> hs = stack(5, 0, 5);
        Collections.reverse(hs); // list is s4..s0
        for (int i = 0; i < hs.size(); i++) {
            hs.get(i).instance(i + 1); // s4 has instance 1: instance order is the reverse of spatial order
        }
        SliceStack stack = VolumeBuilder.validate(build(hs));
        assertEquals(List.of("s0", "s1", "s2", "s3", "s4"), uids(stack));
        assertEquals(1, stack.slices().get(4).instanceNumber());
    }

    @Test
    void feetFirstOrientationSortsAlongItsOwnNormal() throws Exception {
        // Normal (0, 0, -1): slices follow decreasing z.
        List<H> hs = stack(5, -40, 5); // z = -40 ... -20
        hs.forEach(h -> h.orientation(AXIAL_REVERSED));
        Collections.shuffle(hs, new Random(7));
        SliceStack stack = VolumeBuilder.validate(build(hs));
        assertEquals(List.of("s4", "s3", "s2", "s1", "s0"), uids(stack));
        assertArrayEquals(new double[] {0, 0, -1}, stack.geometry().normal(), 1e-12);
        assertArrayEquals(new double[] {-120, -80, -20}, stack.geometry().origin(), 1e-12);
        assertEquals(5.0, stack.geometry().sliceSpacing(), 1e-9);
        assertGeometryMatchesSlices(stack);

        // The other reversed-normal variant: rows along -x, columns along +y.
        List<H> other = stack(4, 10, 2.5);
        other.forEach(h -> h.orientation(new double[] {-1, 0, 0, 0, 1, 0}));
        Collections.reverse(other);
        SliceStack s2 = VolumeBuilder.validate(build(other));
        assertEquals(List.of("s3", "s2", "s1", "s0"), uids(s2));
        assertEquals(2.5, s2.geometry().sliceSpacing(), 1e-9);
        assertGeometryMatchesSlices(s2);
    }

    @Test
    void measuresUniformSpacingAndKeepsPixelGeometry() throws Exception {
        List<H> hs = stack(5, 12.5, 5);
        // DS rounding jitter well within tolerance
        hs.get(1).position[2] = 17.501;
        hs.get(3).position[2] = 27.499;
        SliceStack stack = VolumeBuilder.validate(build(hs));
        Geometry g = stack.geometry();
        assertEquals(5.0, g.sliceSpacing(), 1e-9);
        assertEquals(0.5, g.rowSpacing());
        assertEquals(0.7, g.columnSpacing());
        assertArrayEquals(new double[] {1, 0, 0}, g.rowDirection());
        assertArrayEquals(new double[] {0, 1, 0}, g.columnDirection());
        assertEquals(2, stack.rows());
        assertEquals(3, stack.columns());
    }

    @Test
    void nonUniformSpacingThatIsNoGapFails() {
        List<H> hs = stack(5, 0, 5);
        hs.get(3).position[2] = 17; // steps 5, 5, 7, 5
        hs.get(4).position[2] = 22;
        assertFailed(hs, "not uniform");
    }

    @Test
    void missingSliceNamesTheExpectedPosition() {
        List<H> hs = stack(6, 0, 5);
        hs.remove(2); // z = 10 missing
        Collections.shuffle(hs, new Random(3));
        assertFailed(hs, "missing slice at 10.000");
    }

    @Test
    void twoMissingSlicesAreBothNamed() {
        List<H> hs = stack(7, 0, 5);
        hs.remove(3); // 15
        hs.remove(2); // 10
        assertFailed(hs, "missing slices at 10.000, 15.000");
    }

    @Test
    void twoOrientationsFail() {
        List<H> hs = stack(4, 0, 5);
        hs.get(2).orientation(new double[] {0.9998477, 0.0174524, 0, -0.0174524, 0.9998477, 0}); // 1 degree in-plane rotation
        assertFailed(hs, "more than one Image Orientation");
    }

    @Test
    void sagittalSeriesIsRefused() {
        List<H> hs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            hs.add(new H("s" + i, -i * 5.0, 0, 0).orientation(SAGITTAL)); // normal (-1, 0, 0)
        }
        assertFailed(hs, "not axial");
    }

    @Test
    void gantryTiltIsRefused() {
        List<H> hs = stack(5, 0, 5);
        for (int i = 0; i < hs.size(); i++) {
            hs.get(i).position[1] = -80 + 0.9 * i; // positions step off the normal by 0.9 mm per slice
        }
        assertFailed(hs, "gantry tilt");
    }

    @Test
    void fewerThanThreeSlicesFail() {
        assertFailed(stack(2, 0, 5), "2 slices", "at least 3");
        assertFailed(stack(1, 0, 5), "1 slices");
        SeriesRefusedException empty = assertThrows(SeriesRefusedException.class, () -> VolumeBuilder.validate(List.of()));
        assertEquals(SeriesRefusedException.Outcome.FAILED, empty.outcome());
    }

    @Test
    void differingRowsFail() {
        List<H> hs = stack(4, 0, 5);
        hs.get(2).rows = 3;
        assertFailed(hs, "differ in size");
        List<H> cols = stack(4, 0, 5);
        cols.get(1).columns = 4;
        assertFailed(cols, "differ in size");
    }

    @Test
    void differingPixelFormatFails() {
        List<H> signed = stack(4, 0, 5);
        signed.get(2).pixelRepresentation = 1;
        assertFailed(signed, "pixel format");
        List<H> bits = stack(4, 0, 5);
        bits.get(1).bitsStored = 16;
        assertFailed(bits, "pixel format");
    }

    @Test
    void differingPixelSpacingFails() {
        List<H> hs = stack(4, 0, 5);
        hs.get(3).pixelSpacing = new double[] {0.5, 0.71};
        assertFailed(hs, "Pixel Spacing");
    }

    @Test
    void seriesAcrossTwoStudiesFails() {
        List<H> hs = stack(4, 0, 5);
        hs.get(2).study = "1.2.3.9";
        assertFailed(hs, "more than one study", "1.2.3 and 1.2.3.9");
    }

    @Test
    void duplicatePositionsFail() {
        List<H> hs = stack(4, 0, 5);
        H dup = new H("dup", -120, -80, 5);
        hs.add(dup);
        assertFailed(hs, "share the position", "5.000");
    }

    @Test
    void mrSeriesIsIgnored() {
        List<H> hs = stack(4, 0, 5);
        hs.forEach(h -> h.modality = "MR");
        SeriesRefusedException e = refused(hs);
        assertEquals(SeriesRefusedException.Outcome.IGNORED, e.outcome());
        assertTrue(e.getMessage().contains("MR"), e.getMessage());
    }

    @Test
    void ourOwnDerivedSeriesIsIgnored() {
        List<H> hs = stack(4, 0, 5);
        hs.get(1).derived = true;
        assertEquals(SeriesRefusedException.Outcome.IGNORED, refused(hs).outcome());
        // ignored even when it would also fail the geometry rules
        List<H> one = stack(1, 0, 5);
        one.get(0).derived = true;
        assertEquals(SeriesRefusedException.Outcome.IGNORED, refused(one).outcome());
    }

    @Test
    void loadRescalesUnsigned12BitWithIntercept() throws Exception {
        List<H> hs = stack(3, 0, 5); // unsigned, 12 bits stored, slope 1, intercept -1024, 2x3 pixels
        SliceStack stack = VolumeBuilder.validate(build(hs));
        short[] stored = {0, 1024, 4095, 24, (short) 0xF064 /* bits above Bits Stored are masked: 100 */, 2000};
        Volume v = VolumeBuilder.load(stack, s -> stored.clone());
        float[] expected = {-1024, 0, 3071, -1000, -924, 976};
        for (int z = 0; z < 3; z++) {
            assertArrayEquals(expected, v.slice(z), 0f, "slice " + z);
        }
        assertEquals(stack.geometry(), v.geometry());
        assertEquals(3, v.slices());
        assertEquals(2, v.rows());
        assertEquals(3, v.columns());
    }

    @Test
    void loadRescalesSignedValues() throws Exception {
        List<H> hs = stack(3, 0, 5);
        for (H h : hs) {
            h.pixelRepresentation = 1;
            h.bitsStored = 16;
            h.intercept = 0;
        }
        SliceStack stack = VolumeBuilder.validate(build(hs));
        short[] stored = {-1000, 0, 32767, -32768, 40, -1};
        Volume v = VolumeBuilder.load(stack, s -> stored.clone());
        assertArrayEquals(new float[] {-1000, 0, 32767, -32768, 40, -1}, v.slice(1), 0f);

        // signed 12-bit with slope 2 and intercept -1024: sign extension from bit 11
        for (H h : hs) {
            h.bitsStored = 12;
            h.slope = 2;
            h.intercept = -1024;
        }
        SliceStack s12 = VolumeBuilder.validate(build(hs));
        short[] st12 = {-5, 0x07FF, 0x0800, (short) 0xFFFF, 100, -2048};
        Volume v12 = VolumeBuilder.load(s12, s -> st12.clone());
        assertArrayEquals(new float[] {-1034, 4094 - 1024, -4096 - 1024, -1026, -824, -4096 - 1024}, v12.slice(2), 0f);
    }

    @Test
    void loadPutsEachSliceAtItsSortedIndexWithItsOwnRescale() throws Exception {
        List<H> hs = stack(4, 0, 5);
        for (int i = 0; i < hs.size(); i++) {
            hs.get(i).intercept = -1000 - i; // a per-slice rescale, as some scanners write
        }
        Collections.shuffle(hs, new Random(11));
        SliceStack stack = VolumeBuilder.validate(build(hs));
        Map<String, short[]> pixels = new HashMap<>();
        for (int i = 0; i < 4; i++) {
            short[] p = new short[6];
            java.util.Arrays.fill(p, (short) (1000 + 10 * i));
            pixels.put("s" + i, p);
        }
        Volume v = VolumeBuilder.load(stack, s -> pixels.get(s.sopInstanceUid()));
        for (int z = 0; z < 4; z++) {
            // stored 1000 + 10z, intercept -1000 - z
            assertEquals(9 * z, v.at(z, 1, 2), 0f, "slice " + z);
        }
    }

    @Test
    void loadRefusesShortPixelData() throws Exception {
        SliceStack stack = VolumeBuilder.validate(build(stack(3, 0, 5)));
        IOException e = assertThrows(IOException.class, () -> VolumeBuilder.load(stack, s -> new short[5]));
        assertTrue(e.getMessage().contains("5 pixels"), e.getMessage());
    }
}

package io.thinslice.derive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thinslice.synthesis.CubicInterpolator;
import io.thinslice.synthesis.Interpolator;
import io.thinslice.synthesis.LinearInterpolator;
import io.thinslice.volume.Geometry;
import io.thinslice.volume.SliceHeader;
import io.thinslice.volume.SliceStack;
import io.thinslice.volume.Vectors;
import io.thinslice.volume.Volume;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DerivedSeriesPlannerTest {

    private static final Pattern UID = Pattern.compile("(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))*");
    private static final String SOURCE_SERIES = "1.2.826.0.1.3680043.2.1125.1.77";
    private static final LocalDateTime CREATED = LocalDateTime.of(2026, 2, 3, 4, 5, 6);
    /** Feet-first: the normal is (0, 0, -1), so positions walk towards -z. */
    private static final Geometry THICK = new Geometry(new double[] {-249.5, -180.25, 12.5}, new double[] {1, 0, 0},
            new double[] {0, -1, 0}, 0.7, 0.7, 5.0);

    private static void assertValidUid(String uid) {
        assertTrue(uid.length() <= 64, uid + " is longer than 64 characters");
        assertTrue(UID.matcher(uid).matches(), uid + " is not a valid UID");
    }

    private static SliceHeader header(int index, String description, Integer seriesNumber) {
        return new SliceHeader(Path.of("s" + index + ".dcm"), "1.2.840.10008.5.1.4.1.1.2", "1.2.3.9." + (index + 1), "1.2.3",
                SOURCE_SERIES, "1.2.3.5", "CT", THICK.positionOf(index), new double[] {1, 0, 0, 0, -1, 0},
                new double[] {0.7, 0.7}, 4, 4, 1, 1, 16, 12, 0, 1, -1024, 100 - index, List.of("ORIGINAL", "PRIMARY", "AXIAL"),
                false, false, description, seriesNumber, null);
    }

    private static SliceStack source(int n, String description, Integer seriesNumber) {
        List<SliceHeader> slices = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            slices.add(header(i, description, seriesNumber));
        }
        return new SliceStack(slices, THICK);
    }

    private static DerivedSeriesPlan plan(SliceStack source, Interpolator method, int factor) {
        return DerivedSeriesPlanner.plan(source, method, factor, DerivedSeriesSettings.defaults(), CREATED);
    }

    // ---- DerivedUids

    @Test
    void seriesUidIsDeterministicAndDiffersByEveryInput() {
        String uid = DerivedUids.seriesUid(SOURCE_SERIES, "cubic", 4, "1");
        assertEquals(uid, DerivedUids.seriesUid(SOURCE_SERIES, "cubic", 4, "1"));
        assertTrue(uid.startsWith("2.25."), uid);
        Set<String> all = new HashSet<>(List.of(uid,
                DerivedUids.seriesUid(SOURCE_SERIES, "linear", 4, "1"),
                DerivedUids.seriesUid(SOURCE_SERIES, "cubic", 2, "1"),
                DerivedUids.seriesUid(SOURCE_SERIES, "cubic", 4, "2"),
                DerivedUids.seriesUid(SOURCE_SERIES + "1", "cubic", 4, "1")));
        assertEquals(5, all.size(), all.toString());
        all.forEach(DerivedSeriesPlannerTest::assertValidUid);
    }

    @Test
    void instanceUidsAreDeterministicAndDistinct() {
        String series = DerivedUids.seriesUid(SOURCE_SERIES, "cubic", 4, "1");
        String other = DerivedUids.seriesUid(SOURCE_SERIES, "linear", 4, "1");
        assertEquals(DerivedUids.instanceUid(series, 7), DerivedUids.instanceUid(series, 7));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String a = DerivedUids.instanceUid(series, i);
            String b = DerivedUids.instanceUid(other, i);
            assertValidUid(a);
            assertValidUid(b);
            assertTrue(seen.add(a), a);
            assertTrue(seen.add(b), b);
        }
    }

    @Test
    void generatedUidsAlwaysHaveValidSyntax() {
        for (int i = 0; i < 2000; i++) {
            assertValidUid(DerivedUids.fromName("name-" + i));
        }
        for (int i = 0; i < 200; i++) {
            assertValidUid(DerivedUids.random());
        }
        assertNotEquals(DerivedUids.random(), DerivedUids.random());
        // extremes of the 128-bit number: no leading zeros, no sign, at most 39 digits
        assertEquals("2.25.0", DerivedUids.toUid(new java.util.UUID(0, 0)));
        assertEquals("2.25.1", DerivedUids.toUid(new java.util.UUID(0, 1)));
        String max = DerivedUids.toUid(new java.util.UUID(-1, -1));
        assertEquals("2.25.340282366920938463463374607431768211455", max);
        assertValidUid(max);
    }

    // ---- DerivedSeriesPlanner

    @Test
    void positionsAreSpacingOverFactorApartAlongTheNormal() {
        SliceStack src = source(5, "Abdomen 5mm", 7);
        for (Interpolator method : List.of(new LinearInterpolator(), new CubicInterpolator())) {
            for (int factor : new int[] {2, 4}) {
                DerivedSeriesPlan p = plan(src, method, factor);
                double step = 5.0 / factor;
                assertEquals(step, p.sliceSpacing(), 1e-12);
                assertEquals(factor, p.factor());
                assertEquals(4 * factor + 1, p.slices().size());
                double[] normal = THICK.normal();
                double[] origin = THICK.origin();
                for (int i = 0; i < p.slices().size(); i++) {
                    DerivedSlice s = p.slices().get(i);
                    double[] expected = {origin[0] + i * step * normal[0], origin[1] + i * step * normal[1],
                            origin[2] + i * step * normal[2]};
                    assertArrayEquals(expected, s.position(), 1e-9, "slice " + i);
                    assertEquals(Vectors.dot(s.position(), normal), s.sliceLocation(), 1e-9);
                    if (i > 0) {
                        double[] prev = p.slices().get(i - 1).position();
                        double[] d = {s.position()[0] - prev[0], s.position()[1] - prev[1], s.position()[2] - prev[2]};
                        assertEquals(step, Vectors.dot(d, normal), 1e-9);
                        assertEquals(step, Vectors.norm(d), 1e-9);
                        assertEquals(step, s.sliceLocation() - p.slices().get(i - 1).sliceLocation(), 1e-9);
                    }
                }
                // last derived slice lies on the last source slice
                assertArrayEquals(src.slices().get(4).imagePosition(), p.slices().get(p.slices().size() - 1).position(), 1e-9);
            }
        }
    }

    @Test
    void numberingUidsAndAcquiredSlices() {
        SliceStack src = source(4, "Abdomen 5mm", 7);
        Interpolator method = new LinearInterpolator();
        DerivedSeriesPlan p = plan(src, method, 4);
        assertEquals(DerivedUids.seriesUid(SOURCE_SERIES, "linear", 4, method.version()), p.seriesInstanceUid());
        assertNotEquals(SOURCE_SERIES, p.seriesInstanceUid());
        Set<String> uids = new HashSet<>();
        for (int i = 0; i < p.slices().size(); i++) {
            DerivedSlice s = p.slices().get(i);
            assertEquals(i, s.index());
            assertEquals(i + 1, s.instanceNumber());
            assertEquals(DerivedUids.instanceUid(p.seriesInstanceUid(), i), s.sopInstanceUid());
            assertTrue(uids.add(s.sopInstanceUid()));
            if (i % 4 == 0) {
                SliceHeader acquired = src.slices().get(i / 4);
                assertTrue(s.isAcquired(), "slice " + i);
                assertSame(acquired, s.acquired());
                assertEquals(List.of(acquired), s.sources());
                assertArrayEquals(acquired.imagePosition(), s.position(), 1e-9);
            } else {
                assertFalse(s.isAcquired(), "slice " + i);
                assertNull(s.acquired());
                assertEquals(List.of(src.slices().get(i / 4), src.slices().get(i / 4 + 1)), s.sources());
            }
        }
        assertSame(src, p.source());
        assertSame(src.first(), p.reference());
        assertEquals(CREATED, p.created());
        assertFalse(p.lossy());
    }

    @Test
    void cubicPlanListsItsFourTapsAsSources() {
        SliceStack src = source(5, "Head", 2);
        DerivedSeriesPlan p = plan(src, new CubicInterpolator(), 2);
        List<SliceHeader> s = src.slices();
        assertEquals(List.of(s.get(0), s.get(1), s.get(2)), p.slices().get(1).sources());
        assertEquals(List.of(s.get(0), s.get(1), s.get(2), s.get(3)), p.slices().get(3).sources());
        assertEquals(List.of(s.get(2), s.get(3), s.get(4)), p.slices().get(7).sources());
    }

    @Test
    void seriesNumberIsSourcePlusOffset() {
        assertEquals(1007, plan(source(3, "A", 7), new LinearInterpolator(), 2).seriesNumber());
        assertEquals(1000, plan(source(3, "A", null), new LinearInterpolator(), 2).seriesNumber());
        DerivedSeriesPlan p = DerivedSeriesPlanner.plan(source(3, "A", 12), new LinearInterpolator(), 2,
                new DerivedSeriesSettings(50, "{source} thin"), CREATED);
        assertEquals(62, p.seriesNumber());
    }

    @Test
    void seriesDescriptionFollowsTheTemplate() {
        assertEquals("Abdomen 5mm [ThinSlice x4]", plan(source(3, "Abdomen 5mm", 7), new CubicInterpolator(), 4).seriesDescription());
        assertEquals("Abdomen 5mm [ThinSlice x2]", plan(source(3, "  Abdomen 5mm ", 7), new CubicInterpolator(), 2).seriesDescription());
        assertEquals("[ThinSlice x4]", plan(source(3, null, 7), new CubicInterpolator(), 4).seriesDescription());
        DerivedSeriesPlan p = DerivedSeriesPlanner.plan(source(3, "Chest", 1), new LinearInterpolator(), 2,
                new DerivedSeriesSettings(1000, "{method} x{factor} of {source}"), CREATED);
        assertEquals("linear x2 of Chest", p.seriesDescription());
    }

    @Test
    void seriesDescriptionStaysWithin64CharactersAndKeepsTheSuffix() {
        String longSource = "ABDOMEN PELVIS WITH CONTRAST PORTAL VENOUS PHASE 5.0 MM B30F AXI";
        assertEquals(64, longSource.length());
        String d = plan(source(3, longSource, 7), new CubicInterpolator(), 4).seriesDescription();
        assertTrue(d.length() <= 64, d + " (" + d.length() + ")");
        assertTrue(d.endsWith("[ThinSlice x4]"), d);
        assertTrue(d.startsWith("ABDOMEN PELVIS"), d);

        String spaces = "A".repeat(40) + "          " + "B".repeat(14);
        assertTrue(plan(source(3, spaces, 7), new CubicInterpolator(), 4).seriesDescription().length() <= 64);

        // a template that is itself too long is cut to 64
        String longTemplate = "{source} " + "X".repeat(80);
        DerivedSeriesPlan p = DerivedSeriesPlanner.plan(source(3, longSource, 1), new LinearInterpolator(), 2,
                new DerivedSeriesSettings(1000, longTemplate), CREATED);
        assertTrue(p.seriesDescription().length() <= 64, p.seriesDescription());
        String noSource = "{method} " + "Y".repeat(70);
        assertEquals(64, DerivedSeriesPlanner.plan(source(3, longSource, 1), new LinearInterpolator(), 2,
                new DerivedSeriesSettings(1000, noSource), CREATED).seriesDescription().length());
    }

    @Test
    void derivationDescriptionAndVersions() {
        DerivedSeriesPlan p = plan(source(3, "A", 7), new CubicInterpolator(), 4);
        assertTrue(p.derivationDescription().contains("cubic"), p.derivationDescription());
        assertTrue(p.derivationDescription().contains("x4"), p.derivationDescription());
        assertTrue(p.derivationDescription().contains("5.000 mm -> 1.250 mm"), p.derivationDescription());
        assertTrue(p.derivationDescription().length() <= 1024);
        assertEquals(List.of(ThinSliceIdentity.VERSION, "cubic 1"), p.softwareVersions());
    }

    @Test
    void planRejectsFactorsOutsideTwoToEight() {
        assertThrows(IllegalArgumentException.class, () -> plan(source(3, "A", 7), new LinearInterpolator(), 9));
        assertThrows(IllegalArgumentException.class, () -> plan(source(3, "A", 7), new LinearInterpolator(), 1));
    }

    @Test
    void planAtFactorThreePlacesSlicesAThirdOfTheSpacingApart() {
        DerivedSeriesPlan p = plan(source(3, "A", 7), new LinearInterpolator(), 3);
        assertEquals(7, p.slices().size());
        for (int i = 1; i < 7; i++) {
            assertEquals(THICK.sliceSpacing() / 3, p.slices().get(i).sliceLocation() - p.slices().get(i - 1).sliceLocation(), 1e-9);
            assertEquals(i % 3 == 0, p.slices().get(i).acquired() != null, "slice " + i);
        }
    }

    // ---- DerivedSeriesWriter.quantise

    private static SliceHeader format(int bitsStored, int pixelRepresentation, double slope, double intercept) {
        return new SliceHeader(Path.of("ref.dcm"), "1.2.840.10008.5.1.4.1.1.2", "1.2.3.9", "1.2.3", SOURCE_SERIES, "1.2.3.5",
                "CT", new double[] {0, 0, 0}, new double[] {1, 0, 0, 0, 1, 0}, new double[] {1, 1}, 1, 1, 1, 1, 16,
                bitsStored, pixelRepresentation, slope, intercept, 1, List.of(), false, false, "", 1, null);
    }

    private static short[] quantise(SliceHeader ref, float... hu) {
        // two slices; quantise the second so that the slice offset is exercised
        float[] v = new float[hu.length * 2];
        java.util.Arrays.fill(v, 0, hu.length, 12345f);
        System.arraycopy(hu, 0, v, hu.length, hu.length);
        Volume volume = new Volume(v, 2, 1, hu.length, Geometry.axial(new double[] {0, 0, 0}, 1, 1));
        return DerivedSeriesWriter.quantise(volume, 1, ref);
    }

    @Test
    void quantiseUnsigned12BitRoundsAndClips() {
        SliceHeader ref = format(12, 0, 1, -1024);
        short[] out = quantise(ref, -1024f, 0f, 0.4f, 0.5f, -0.6f, 3071f, 3071.4f, 3071.6f, 5000f, -1024.4f, -1024.6f, -3000f,
                Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY);
        assertArrayEquals(new short[] {0, 1024, 1024, 1025, 1023, 4095, 4095, 4095, 4095, 0, 0, 0, 1024, 4095, 0}, out);
    }

    @Test
    void quantiseSigned16BitRoundsAndClips() {
        SliceHeader ref = format(16, 1, 1, 0);
        short[] out = quantise(ref, -1000f, 12.7f, -1.5f, 32767f, 32767.6f, 40000f, -32768f, -32768.6f, -40000f, Float.NaN);
        assertArrayEquals(new short[] {-1000, 13, -1, 32767, 32767, 32767, -32768, -32768, -32768, 0}, out);
    }

    @Test
    void quantiseHonoursSlope() {
        SliceHeader ref = format(12, 0, 0.5, -1024);
        short[] out = quantise(ref, -1024f, 0f, 0.25f, 1000f, 2000f);
        // stored = (HU + 1024) / 0.5, clipped to 4095
        assertArrayEquals(new short[] {0, 2048, 2049, 4048, 4095}, out);
        // and every value maps back within half a quantum of the HU that was asked for (inside the range)
        for (float hu : new float[] {-1000.3f, -0.26f, 7.1f, 1000f}) {
            short s = quantise(ref, hu)[0];
            assertEquals(hu, ref.toHu(s), 0.25 + 1e-6);
        }
    }
}

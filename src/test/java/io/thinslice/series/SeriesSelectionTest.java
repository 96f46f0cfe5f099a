package io.thinslice.series;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thinslice.series.SeriesSelection.Attribute;
import io.thinslice.series.SeriesSelection.Decision;
import io.thinslice.series.SeriesSelection.Reformats;
import io.thinslice.series.SeriesSelection.Rule;
import io.thinslice.series.SeriesSelection.Settings;
import io.thinslice.volume.SliceHeader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeriesSelectionTest {

    private static final double[] AXIAL = {1, 0, 0, 0, 1, 0};
    private static final double[] CORONAL = {1, 0, 0, 0, 0, -1};
    private static final double[] SAGITTAL = {0, 1, 0, 0, 0, -1};

    /** A series of hand-made headers with CT defaults that a test changes. */
    private static final class S {
        int slices = 9;
        double spacing = 5;
        double[] orientation = AXIAL;
        List<String> imageType = List.of("ORIGINAL", "PRIMARY", "AXIAL");
        String modality = "CT";
        String sopClass = SeriesSelection.CT_IMAGE_STORAGE;
        boolean ours;
        String description = "Thorax 5.0 B30f";
        String protocol = "Thorax routine";
        String kernel = "B30f";
        String bodyPart = "CHEST";
        boolean noPositions;

        List<SliceHeader> build() {
            List<SliceHeader> out = new ArrayList<>();
            double[] n = {orientation[1] * orientation[5] - orientation[2] * orientation[4],
                    orientation[2] * orientation[3] - orientation[0] * orientation[5],
                    orientation[0] * orientation[4] - orientation[1] * orientation[3]};
            for (int i = 0; i < slices; i++) {
                // Out of order on purpose: the spacing comes from the sorted positions.
                int k = (i * 5) % slices;
                double[] p = noPositions ? null : new double[] {10 + k * spacing * n[0], -20 + k * spacing * n[1], 100 + k * spacing * n[2]};
                out.add(new SliceHeader(Path.of(i + ".dcm"), sopClass, "1.2.3." + i, "1.2", "1.2.3", "1.2.4", modality, p, orientation,
                        new double[] {0.7, 0.7}, 32, 32, 1, 1, 16, 12, 0, 1, -1024, i + 1, imageType, false, ours, description, 3, spacing,
                        protocol, kernel, bodyPart));
            }
            return out;
        }
    }

    private static Decision defaults(S s) {
        return SeriesSelection.defaults().decide(s.build());
    }

    private static void assertIgnored(Decision d, String rule, String... inReason) {
        assertEquals(rule, d.rule(), d.reason());
        for (String part : inReason) {
            assertTrue(d.reason().contains(part), "'" + part + "' in: " + d.reason());
        }
    }

    @Test
    void aThickAxialCtSeriesIsSelectedByTheDefaults() {
        Decision d = defaults(new S());
        assertTrue(d.selected(), d.reason());
        assertNull(d.rule());
    }

    @Test
    void aLocalizerIsIgnoredWhateverItsSize() {
        S s = new S();
        s.slices = 1;
        s.imageType = List.of("ORIGINAL", "PRIMARY", "LOCALIZER");
        s.orientation = CORONAL;
        assertIgnored(defaults(s), SeriesSelection.LOCALIZER,
                "Image Type is ORIGINAL\\PRIMARY\\LOCALIZER (a localizer); thinslice.select takes AXIAL only");
    }

    @Test
    void reformatsAreIgnoredByDefaultAndProcessedWhenTheSettingSaysSo() {
        S s = new S();
        s.imageType = List.of("DERIVED", "SECONDARY", "AXIAL");
        assertIgnored(defaults(s), SeriesSelection.REFORMAT, "DERIVED\\SECONDARY\\AXIAL", "thinslice.select.reformats is ignore");
        SeriesSelection process = new SeriesSelection(new Settings(8, 2, null, Reformats.PROCESS, List.of(), List.of()));
        assertTrue(process.decide(s.build()).selected(), "an axial reformat with reformats=process");
        // A coronal reformat is still not axial.
        s.imageType = List.of("DERIVED", "SECONDARY", "REFORMATTED");
        s.orientation = CORONAL;
        assertIgnored(process.decide(s.build()), SeriesSelection.IMAGE_TYPE, "value 3 is not AXIAL");
        // DERIVED\PRIMARY (e.g. a scanner's own processed reconstruction) is not a reformat.
        s.imageType = List.of("DERIVED", "PRIMARY", "AXIAL");
        s.orientation = AXIAL;
        assertTrue(defaults(s).selected());
    }

    @Test
    void imageTypeValue3OtherThanAxialIsIgnored() {
        S s = new S();
        s.imageType = List.of("ORIGINAL", "PRIMARY", "VOLUME");
        assertIgnored(defaults(s), SeriesSelection.IMAGE_TYPE, "ORIGINAL\\PRIMARY\\VOLUME", "takes AXIAL only");
        s.imageType = List.of("ORIGINAL", "PRIMARY", "axial");
        assertTrue(defaults(s).selected(), "defined terms compared without regard to case");
    }

    @Test
    void withoutValue3TheOrientationDecides() {
        S s = new S();
        s.imageType = List.of("ORIGINAL", "PRIMARY");
        assertTrue(defaults(s).selected(), "axial slices without value 3");
        s.orientation = CORONAL;
        assertIgnored(defaults(s), SeriesSelection.IMAGE_TYPE, "without value 3", "coronal");
        s.orientation = SAGITTAL;
        s.imageType = List.of();
        assertIgnored(defaults(s), SeriesSelection.IMAGE_TYPE, "Image Type is absent", "sagittal");
    }

    @Test
    void ourOwnOutputAnotherModalityAndAnotherSopClassAreIgnored() {
        S ours = new S();
        ours.ours = true;
        ours.imageType = List.of("DERIVED", "SECONDARY", "AXIAL");
        assertIgnored(defaults(ours), SeriesSelection.THINSLICE_OUTPUT, "derived by ThinSlice itself");
        S mr = new S();
        mr.modality = "MR";
        assertIgnored(defaults(mr), SeriesSelection.MODALITY, "Modality is MR, not CT");
        S sc = new S();
        sc.sopClass = "1.2.840.10008.5.1.4.1.1.7";
        assertIgnored(defaults(sc), SeriesSelection.SOP_CLASS, "1.2.840.10008.5.1.4.1.1.7 is not CT Image Storage");
    }

    @Test
    void fewerSlicesThanMinSlicesAreIgnored() {
        S s = new S();
        s.slices = 2;
        assertIgnored(defaults(s), SeriesSelection.MIN_SLICES, "the series has 2 instances; thinslice.select.min-slices is 8");
        s.slices = 7;
        assertIgnored(defaults(s), SeriesSelection.MIN_SLICES, "7 instances");
        s.slices = 8;
        assertTrue(defaults(s).selected());
        assertThrows(IllegalArgumentException.class, () -> new Settings(2, 2, null, Reformats.IGNORE, List.of(), List.of()),
                "synthesis needs 3 slices");
    }

    @Test
    void spacingIsMeasuredAlongTheNormalAndComparedWithTheLimits() {
        S s = new S();
        s.spacing = 1;
        assertIgnored(defaults(s), SeriesSelection.MIN_SPACING, "the slices are 1 mm apart (along the slice normal); thinslice.select.min-spacing is 2 mm");
        s.spacing = 1.995; // DS rounding of 2 mm
        assertTrue(defaults(s).selected(), "within the tolerance");
        s.spacing = 2;
        s.orientation = new double[] {1, 0, 0, 0, -1, 0}; // feet first: the normal is -z
        assertTrue(defaults(s).selected());
        SeriesSelection bounded = new SeriesSelection(new Settings(8, 0, 3.0, Reformats.IGNORE, List.of(), List.of()));
        s.spacing = 5;
        assertIgnored(bounded.decide(s.build()), SeriesSelection.MAX_SPACING, "5 mm apart", "thinslice.select.max-spacing is 3 mm");
        s.spacing = 0.6;
        assertTrue(bounded.decide(s.build()).selected(), "min-spacing 0 takes thin series");
        assertThrows(IllegalArgumentException.class, () -> new Settings(8, 4, 3.0, Reformats.IGNORE, List.of(), List.of()));
    }

    @Test
    void withoutPositionsTheSpacingRuleLeavesTheSeriesToValidation() {
        S s = new S();
        s.noPositions = true;
        assertTrue(defaults(s).selected(), "validation names the missing Image Position (Patient)");
        S mixed = new S();
        List<SliceHeader> headers = new ArrayList<>(mixed.build());
        SliceHeader h = headers.get(3);
        headers.set(3, new SliceHeader(h.path(), h.sopClassUid(), h.sopInstanceUid(), h.studyInstanceUid(), h.seriesInstanceUid(),
                h.frameOfReferenceUid(), h.modality(), h.imagePosition(), new double[] {1, 0, 0, 0, 0.9, 0.1}, h.pixelSpacing(), h.rows(),
                h.columns(), 1, 1, 16, 12, 0, 1, -1024, 4, h.imageType(), false, false, h.seriesDescription(), 3, 5.0, null, null, null));
        assertNull(SeriesSelection.spacing(headers), "two orientations: validation fails the series");
        assertTrue(SeriesSelection.defaults().decide(headers).selected());
    }

    @Test
    void aGapDoesNotChangeTheSpacing() {
        S s = new S();
        s.slices = 12;
        List<SliceHeader> headers = new ArrayList<>(s.build());
        headers.remove(5);
        assertEquals(5.0, SeriesSelection.spacing(headers), 1e-9);
        assertTrue(SeriesSelection.defaults().decide(headers).selected(), "the gap is validation's to report (failed)");
    }

    @Test
    void includePatternsAreFoundAnywhereIgnoringCaseAndAnAbsentValueMatchesNone() {
        SeriesSelection sel = new SeriesSelection(new Settings(8, 2, null, Reformats.IGNORE,
                List.of(Rule.of(Attribute.CONVOLUTION_KERNEL, "include", "b3\\d"), Rule.of(Attribute.BODY_PART_EXAMINED, "include", "^chest$")),
                List.of()));
        assertTrue(sel.decide(new S().build()).selected());
        S sharp = new S();
        sharp.kernel = "B70f";
        assertIgnored(sel.decide(sharp.build()), SeriesSelection.INCLUDE,
                "Convolution Kernel is 'B70f', which does not match thinslice.select.include-convolution-kernel 'b3\\d'");
        S none = new S();
        none.kernel = null;
        assertIgnored(sel.decide(none.build()), SeriesSelection.INCLUDE, "Convolution Kernel is absent");
        S chestAbdomen = new S();
        chestAbdomen.bodyPart = "CHEST_ABDOMEN";
        assertIgnored(sel.decide(chestAbdomen.build()), SeriesSelection.INCLUDE, "Body Part Examined is 'CHEST_ABDOMEN'",
                "include-body-part-examined '^chest$'");
    }

    @Test
    void excludePatternsIgnoreWhatTheyMatchAndNeverAnAbsentValue() {
        SeriesSelection sel = new SeriesSelection(new Settings(8, 2, null, Reformats.IGNORE, List.of(),
                List.of(Rule.of(Attribute.SERIES_DESCRIPTION, "exclude", "lung|mip"), Rule.of(Attribute.PROTOCOL_NAME, "exclude", "test bolus"))));
        assertTrue(sel.decide(new S().build()).selected());
        S lung = new S();
        lung.description = "Thorax 5.0 LUNG";
        assertIgnored(sel.decide(lung.build()), SeriesSelection.EXCLUDE,
                "Series Description is 'Thorax 5.0 LUNG', which matches thinslice.select.exclude-series-description 'lung|mip'");
        S bolus = new S();
        bolus.protocol = "Test Bolus";
        assertIgnored(sel.decide(bolus.build()), SeriesSelection.EXCLUDE, "Protocol Name", "exclude-protocol-name");
        S nothing = new S();
        nothing.description = null;
        nothing.protocol = null;
        assertTrue(sel.decide(nothing.build()).selected());
    }

    @Test
    void settingsAreCheckedWithTheirNames() {
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> Rule.of(Attribute.PROTOCOL_NAME, "exclude", "(unclosed"));
        assertTrue(bad.getMessage().contains("thinslice.select.exclude-protocol-name"), bad.getMessage());
        assertNull(Rule.of(Attribute.PROTOCOL_NAME, "exclude", " "), "blank: no rule");
        assertEquals(Reformats.PROCESS, SeriesSelection.reformats(" Process "));
        IllegalArgumentException reformats = assertThrows(IllegalArgumentException.class, () -> SeriesSelection.reformats("keep"));
        assertTrue(reformats.getMessage().contains("thinslice.select.reformats must be ignore or process"), reformats.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Settings(8, -1, null, Reformats.IGNORE, List.of(), List.of()));
    }
}

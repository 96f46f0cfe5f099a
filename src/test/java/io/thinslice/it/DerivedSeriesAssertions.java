package io.thinslice.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a derived series against its source, row by row of shared/docs/derived-series.md, plus dciodvfy.
 */
final class DerivedSeriesAssertions {

    private static final AttributeTag CONTRIBUTION_DATE_TIME = new AttributeTag(0x0018, 0xA002);

    private DerivedSeriesAssertions() {
    }

    /** A loaded instance: its attributes (with pixels) and its position along the normal. */
    private record Instance(Path file, AttributeList list, double along) {
    }

    static void check(List<Path> sourceFiles, List<Path> derivedFiles, int factor) throws Exception {
        List<Instance> source = load(sourceFiles);
        List<Instance> derived = load(derivedFiles);
        int n = source.size();
        assertEquals((n - 1) * factor + 1, derived.size(), "derived instance count for " + n + " source slices at x" + factor);

        AttributeList s0 = source.get(0).list();
        String sourceSeries = str(s0, TagFromName.SeriesInstanceUID);
        Set<String> sourceSops = new HashSet<>();
        source.forEach(i -> sourceSops.add(str(i.list(), TagFromName.SOPInstanceUID)));
        double sourceSpacing = (source.get(n - 1).along() - source.get(0).along()) / (n - 1);
        double spacing = sourceSpacing / factor;

        String derivedSeries = str(derived.get(0).list(), TagFromName.SeriesInstanceUID);
        assertNotEquals(sourceSeries, derivedSeries, "new Series Instance UID");
        Set<String> sops = new HashSet<>();
        for (int i = 0; i < derived.size(); i++) {
            Instance d = derived.get(i);
            AttributeList l = d.list();
            String where = "derived instance " + (i + 1) + " (" + d.file().getFileName() + ")";
            assertEquals(derivedSeries, str(l, TagFromName.SeriesInstanceUID), where + ": one series");
            String sop = str(l, TagFromName.SOPInstanceUID);
            assertTrue(sops.add(sop), where + ": SOP Instance UID unique");
            assertFalse(sourceSops.contains(sop), where + ": SOP Instance UID new");
            assertEquals(str(s0, TagFromName.StudyInstanceUID), str(l, TagFromName.StudyInstanceUID), where + ": Study Instance UID");
            assertEquals(str(s0, TagFromName.FrameOfReferenceUID), str(l, TagFromName.FrameOfReferenceUID), where + ": Frame of Reference");
            for (AttributeTag copied : List.of(TagFromName.PatientName, TagFromName.PatientID, TagFromName.PatientBirthDate,
                    TagFromName.PatientSex, TagFromName.StudyDate, TagFromName.StudyTime, TagFromName.StudyID, TagFromName.AccessionNumber,
                    TagFromName.ReferringPhysicianName, TagFromName.SpecificCharacterSet, TagFromName.Modality)) {
                assertEquals(str(s0, copied), str(l, copied), where + ": " + copied + " copied");
            }
            assertArrayEquals(doubles(s0, TagFromName.ImageOrientationPatient), doubles(l, TagFromName.ImageOrientationPatient), 1e-9,
                    where + ": Image Orientation copied");
            assertEquals(i + 1, Attribute.getSingleIntegerValueOrDefault(l, TagFromName.InstanceNumber, -1), where + ": Instance Number in spatial order");
            assertEquals(source.get(0).along() + i * spacing, d.along(), 1e-3, where + ": position spaced exactly spacing/f");
            assertEquals(d.along(), Attribute.getSingleDoubleValueOrDefault(l, TagFromName.SliceLocation, Double.NaN), 1e-3,
                    where + ": Slice Location consistent with position");
            assertEquals(spacing, Attribute.getSingleDoubleValueOrDefault(l, TagFromName.SliceThickness, 0), 1e-6, where + ": Slice Thickness");
            assertEquals(spacing, Attribute.getSingleDoubleValueOrDefault(l, TagFromName.SpacingBetweenSlices, 0), 1e-6,
                    where + ": Spacing Between Slices");
            assertEquals(List.of("DERIVED", "SECONDARY", "AXIAL"), List.of(Attribute.getStringValues(l, TagFromName.ImageType)), where + ": Image Type");
            String derivation = str(l, TagFromName.DerivationDescription);
            assertTrue(derivation.contains("ThinSlice") && derivation.contains("x" + factor) && derivation.contains("mm"),
                    where + ": Derivation Description names model, factor and spacing: " + derivation);
            assertCode(l, TagFromName.DerivationCodeSequence, "113085", where);
            assertSourceImages(l, sourceSops, where);
            SequenceAttribute refSeries = (SequenceAttribute) l.get(TagFromName.ReferencedSeriesSequence);
            assertNotNull(refSeries, where + ": Referenced Series Sequence");
            AttributeList refItem = refSeries.getItem(0).getAttributeList();
            assertEquals(sourceSeries, str(refItem, TagFromName.SeriesInstanceUID), where + ": Referenced Series is the source");
            assertEquals(n, ((SequenceAttribute) refItem.get(TagFromName.ReferencedInstanceSequence)).getNumberOfItems(),
                    where + ": every source instance referenced");
            assertEquals(Attribute.getSingleIntegerValueOrDefault(s0, TagFromName.SeriesNumber, 0) + 1000,
                    Attribute.getSingleIntegerValueOrDefault(l, TagFromName.SeriesNumber, -1), where + ": Series Number");
            assertTrue(str(l, TagFromName.SeriesDescription).contains("[ThinSlice x" + factor + "]"), where + ": Series Description");
            for (AttributeTag present : List.of(TagFromName.ContentDate, TagFromName.ContentTime, TagFromName.InstanceCreationDate,
                    TagFromName.InstanceCreationTime)) {
                assertFalse(str(l, present).isEmpty(), where + ": " + present + " present");
            }
            assertEquals("NO", str(l, TagFromName.BurnedInAnnotation), where + ": Burned In Annotation");
            assertNotEquals("01", str(l, TagFromName.LossyImageCompression), where + ": lossless source stays lossless");
            assertEquals("ThinSlice", str(l, TagFromName.Manufacturer), where + ": Manufacturer");
            assertTrue(Attribute.getStringValues(l, TagFromName.SoftwareVersions).length >= 2, where + ": Software Versions (node and model)");
            assertProcessingEquipment(l, where);
            assertEquals(16, Attribute.getSingleIntegerValueOrDefault(l, TagFromName.BitsAllocated, 0), where + ": 16-bit");
            assertEquals(Attribute.getSingleIntegerValueOrDefault(s0, TagFromName.PixelRepresentation, -1),
                    Attribute.getSingleIntegerValueOrDefault(l, TagFromName.PixelRepresentation, -2), where + ": pixel representation kept");
            if (i % factor == 0) {
                AttributeList src = source.get(i / factor).list();
                assertArrayEquals(src.getPixelData().getShortValues(), l.getPixelData().getShortValues(), where + ": acquired slice bit-exact");
                assertEquals(Attribute.getSingleDoubleValueOrDefault(src, TagFromName.RescaleSlope, 1),
                        Attribute.getSingleDoubleValueOrDefault(l, TagFromName.RescaleSlope, 1), where + ": rescale slope of the acquired slice");
                assertEquals(Attribute.getSingleDoubleValueOrDefault(src, TagFromName.RescaleIntercept, 0),
                        Attribute.getSingleDoubleValueOrDefault(l, TagFromName.RescaleIntercept, 0), where + ": rescale intercept of the acquired slice");
            }
            List<String> errors = Tool.dciodvfyErrors(d.file());
            assertTrue(errors.isEmpty(), where + ": dciodvfy errors " + errors);
        }
    }

    private static void assertSourceImages(AttributeList l, Set<String> sourceSops, String where) throws Exception {
        SequenceAttribute seq = (SequenceAttribute) l.get(TagFromName.SourceImageSequence);
        assertNotNull(seq, where + ": Source Image Sequence");
        assertTrue(seq.getNumberOfItems() >= 1, where + ": at least one source image");
        for (int k = 0; k < seq.getNumberOfItems(); k++) {
            AttributeList item = seq.getItem(k).getAttributeList();
            assertEquals("1.2.840.10008.5.1.4.1.1.2", str(item, TagFromName.ReferencedSOPClassUID), where + ": source SOP class");
            assertTrue(sourceSops.contains(str(item, TagFromName.ReferencedSOPInstanceUID)), where + ": source image is an acquired slice");
            assertCode(item, TagFromName.PurposeOfReferenceCodeSequence, "121322", where + " source image");
        }
    }

    private static void assertProcessingEquipment(AttributeList l, String where) throws Exception {
        SequenceAttribute seq = (SequenceAttribute) l.get(TagFromName.ContributingEquipmentSequence);
        assertNotNull(seq, where + ": Contributing Equipment Sequence");
        boolean found = false;
        for (int k = 0; k < seq.getNumberOfItems(); k++) {
            AttributeList item = seq.getItem(k).getAttributeList();
            SequenceAttribute purpose = (SequenceAttribute) item.get(TagFromName.PurposeOfReferenceCodeSequence);
            if (purpose != null && "109102".equals(str(purpose.getItem(0).getAttributeList(), TagFromName.CodeValue))) {
                assertEquals("ThinSlice", str(item, TagFromName.Manufacturer), where + ": processing equipment is ThinSlice");
                assertFalse(str(item, CONTRIBUTION_DATE_TIME).isEmpty(), where + ": Contribution DateTime");
                found = true;
            }
        }
        assertTrue(found, where + ": Contributing Equipment has (109102, DCM, Processing Equipment)");
    }

    private static void assertCode(AttributeList l, AttributeTag sequence, String value, String where) {
        SequenceAttribute seq = (SequenceAttribute) l.get(sequence);
        assertNotNull(seq, where + ": " + sequence);
        AttributeList item = seq.getItem(0).getAttributeList();
        assertEquals(value, str(item, TagFromName.CodeValue), where + ": code in " + sequence);
        assertEquals("DCM", str(item, TagFromName.CodingSchemeDesignator), where + ": scheme in " + sequence);
    }

    private static List<Instance> load(List<Path> files) throws Exception {
        List<Instance> out = new ArrayList<>();
        for (Path f : files) {
            AttributeList l = Studies.read(f);
            double[] o = doubles(l, TagFromName.ImageOrientationPatient);
            double[] p = doubles(l, TagFromName.ImagePositionPatient);
            double[] nrm = {o[1] * o[5] - o[2] * o[4], o[2] * o[3] - o[0] * o[5], o[0] * o[4] - o[1] * o[3]};
            out.add(new Instance(f, l, p[0] * nrm[0] + p[1] * nrm[1] + p[2] * nrm[2]));
        }
        out.sort(Comparator.comparingDouble(Instance::along));
        return out;
    }

    static String str(AttributeList l, AttributeTag tag) {
        return Attribute.getSingleStringValueOrEmptyString(l, tag).trim();
    }

    static double[] doubles(AttributeList l, AttributeTag tag) throws Exception {
        return l.get(tag).getDoubleValues();
    }
}

package io.thinslice.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.AttributeTagAttribute;
import com.pixelmed.dicom.CodeStringAttribute;
import com.pixelmed.dicom.DecimalStringAttribute;
import com.pixelmed.dicom.FloatDoubleAttribute;
import com.pixelmed.dicom.IntegerStringAttribute;
import com.pixelmed.dicom.LongStringAttribute;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.PersonNameAttribute;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.SignedShortAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.UniqueIdentifierAttribute;
import com.pixelmed.dicom.UnsignedShortAttribute;
import org.junit.jupiter.api.Test;

class DicomJsonWriterTest {

    private static Attribute put(AttributeList list, Attribute a, String... values) throws Exception {
        for (String v : values) {
            a.addValue(v);
        }
        list.put(a.getTag(), a);
        return a;
    }

    private static AttributeList sample() throws Exception {
        AttributeList list = new AttributeList();
        put(list, new UniqueIdentifierAttribute(TagFromName.TransferSyntaxUID), "1.2.840.10008.1.2.1");
        put(list, new UniqueIdentifierAttribute(TagFromName.SOPInstanceUID), "1.2.3.4");
        put(list, new PersonNameAttribute(TagFromName.PatientName), "Doe^Jane=ド^ジェーン");
        put(list, new LongStringAttribute(TagFromName.PatientID), "P-1 ");
        put(list, new DecimalStringAttribute(TagFromName.PixelSpacing), "0.5", "+.75");
        put(list, new DecimalStringAttribute(TagFromName.SliceThickness), "1.");
        put(list, new IntegerStringAttribute(TagFromName.SeriesNumber), "+1001");
        put(list, new CodeStringAttribute(TagFromName.ImageType), "DERIVED", "SECONDARY");
        put(list, new com.pixelmed.dicom.ShortStringAttribute(TagFromName.StudyID));
        UnsignedShortAttribute rows = new UnsignedShortAttribute(TagFromName.Rows);
        rows.addValue(512);
        list.put(rows.getTag(), rows);
        SignedShortAttribute ss = new SignedShortAttribute(TagFromName.SmallestImagePixelValue);
        ss.addValue(-1024);
        list.put(ss.getTag(), ss);
        FloatDoubleAttribute fd = new FloatDoubleAttribute(new AttributeTag(0x0018, 0x9087)); // Diffusion b-value, FD
        fd.addValue(2.5);
        list.put(fd.getTag(), fd);
        AttributeTagAttribute at = new AttributeTagAttribute(TagFromName.FrameIncrementPointer);
        at.addValue(0x0018, 0x1063);
        list.put(at.getTag(), at);
        SequenceAttribute seq = new SequenceAttribute(TagFromName.ReferencedImageSequence);
        AttributeList item = new AttributeList();
        put(item, new UniqueIdentifierAttribute(TagFromName.ReferencedSOPInstanceUID), "1.2.3.5");
        seq.addItem(item);
        list.put(seq.getTag(), seq);
        OtherWordAttribute pixels = new OtherWordAttribute(TagFromName.PixelData);
        pixels.setValues(new short[] {1, 2, 3, 4});
        list.put(pixels.getTag(), pixels);
        return list;
    }

    @Test
    void writesAnnexFModel() throws Exception {
        ObjectNode json = DicomJsonWriter.toJson(sample(), DicomJsonWriter.Options.full(tag -> "http://x/bulk/" + tag));
        assertFalse(json.has("00020010"), "file meta left out");
        assertEquals("UI", json.path("00080018").path("vr").asText());
        assertEquals("1.2.3.4", json.path("00080018").path("Value").get(0).asText());
        JsonNode pn = json.path("00100010").path("Value").get(0);
        assertEquals("Doe^Jane", pn.path("Alphabetic").asText());
        assertEquals("ド^ジェーン", pn.path("Ideographic").asText());
        assertEquals("P-1", json.path("00100020").path("Value").get(0).asText(), "padding removed");
        JsonNode spacing = json.path("00280030").path("Value");
        assertTrue(spacing.get(0).isNumber() && spacing.get(1).isNumber(), spacing.toString());
        assertEquals(0.75, spacing.get(1).asDouble());
        assertTrue(json.path("00180050").path("Value").get(0).isNumber());
        assertTrue(json.path("00200011").path("Value").get(0).isIntegralNumber());
        assertEquals(1001, json.path("00200011").path("Value").get(0).asInt());
        assertEquals(2, json.path("00080008").path("Value").size());
        assertEquals("SH", json.path("00200010").path("vr").asText());
        assertFalse(json.path("00200010").has("Value"), "empty attribute has its vr only");
        assertEquals(512, json.path("00280010").path("Value").get(0).asInt());
        assertEquals(-1024, json.path("00280106").path("Value").get(0).asInt());
        assertEquals(2.5, json.path("00189087").path("Value").get(0).asDouble());
        assertEquals("00181063", json.path("00280009").path("Value").get(0).asText());
        assertEquals("1.2.3.5", json.path("00081140").path("Value").get(0).path("00081155").path("Value").get(0).asText());
        assertEquals("OW", json.path("7FE00010").path("vr").asText());
        assertEquals("http://x/bulk/7FE00010", json.path("7FE00010").path("BulkDataURI").asText());
        assertFalse(json.path("7FE00010").has("Value"));
        json.fieldNames().forEachRemaining(k -> assertTrue(k.matches("[0-9A-F]{8}"), k));
    }

    @Test
    void queryAttributesLeaveOutSequencesAndBinary() throws Exception {
        ObjectNode json = DicomJsonWriter.toJson(sample(), DicomJsonWriter.Options.queryAttributes());
        assertFalse(json.has("00081140"));
        assertFalse(json.has("7FE00010"));
        assertTrue(json.has("00100010"));
    }

    @Test
    void inlineBinaryWhenSmallAndNoUri() throws Exception {
        ObjectNode json = DicomJsonWriter.toJson(sample(), new DicomJsonWriter.Options(true, 1024, t -> null));
        assertEquals("AQACAAMABAA=", json.path("7FE00010").path("InlineBinary").asText());
    }
}

package io.thinslice.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DecimalStringAttribute;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import com.pixelmed.dicom.UniqueIdentifierAttribute;
import com.pixelmed.dicom.UnsignedShortAttribute;
import com.pixelmed.dicom.CodeStringAttribute;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DicomWebFilesTest {

    @TempDir
    Path tmp;

    /** A 2x2 signed CT-like image in implicit VR little endian: stored -1000, 0, 1000, 2000; window 0/2000. */
    private Path implicitImage() throws Exception {
        AttributeList list = new AttributeList();
        ui(list, TagFromName.SOPClassUID, "1.2.840.10008.5.1.4.1.1.2");
        ui(list, TagFromName.SOPInstanceUID, "1.2.3.4.5");
        ui(list, TagFromName.StudyInstanceUID, "1.2.3");
        ui(list, TagFromName.SeriesInstanceUID, "1.2.3.4");
        us(list, TagFromName.Rows, 2);
        us(list, TagFromName.Columns, 2);
        us(list, TagFromName.BitsAllocated, 16);
        us(list, TagFromName.BitsStored, 16);
        us(list, TagFromName.HighBit, 15);
        us(list, TagFromName.PixelRepresentation, 1);
        us(list, TagFromName.SamplesPerPixel, 1);
        Attribute pi = new CodeStringAttribute(TagFromName.PhotometricInterpretation);
        pi.addValue("MONOCHROME2");
        list.put(pi.getTag(), pi);
        ds(list, TagFromName.WindowCenter, "0");
        ds(list, TagFromName.WindowWidth, "2000");
        OtherWordAttribute px = new OtherWordAttribute(TagFromName.PixelData);
        px.setValues(new short[] {-1000, 0, 1000, 2000});
        list.put(px.getTag(), px);
        FileMetaInformation.addFileMetaInformation(list, TransferSyntax.ImplicitVRLittleEndian, "TEST");
        Path f = tmp.resolve("implicit.dcm");
        list.write(f.toFile(), TransferSyntax.ImplicitVRLittleEndian, true, true);
        return f;
    }

    private static void ui(AttributeList l, com.pixelmed.dicom.AttributeTag t, String v) throws Exception {
        Attribute a = new UniqueIdentifierAttribute(t);
        a.addValue(v);
        l.put(t, a);
    }

    private static void us(AttributeList l, com.pixelmed.dicom.AttributeTag t, int v) throws Exception {
        Attribute a = new UnsignedShortAttribute(t);
        a.addValue(v);
        l.put(t, a);
    }

    private static void ds(AttributeList l, com.pixelmed.dicom.AttributeTag t, String v) throws Exception {
        Attribute a = new DecimalStringAttribute(t);
        a.addValue(v);
        l.put(t, a);
    }

    @Test
    void identifiesTranscodesAndReadsFrames() throws Exception {
        Path f = implicitImage();
        assertTrue(DicomWebFiles.isPart10(f));
        Path text = Files.writeString(tmp.resolve("t.txt"), "not DICOM");
        assertFalse(DicomWebFiles.isPart10(text));
        DicomWebFiles.Identity id = DicomWebFiles.identify(f);
        assertEquals("1.2.3.4.5", id.sopInstanceUid());
        assertEquals(TransferSyntax.ImplicitVRLittleEndian, id.transferSyntaxUid());

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DicomWebFiles.writeExplicitLittleEndian(f, out);
        Path converted = Files.write(tmp.resolve("explicit.dcm"), out.toByteArray());
        assertEquals(DicomWebFiles.EXPLICIT_VR_LITTLE_ENDIAN, DicomWebFiles.transferSyntax(converted));
        assertEquals(1, DicomWebFiles.frameCount(converted));
        byte[] frame = DicomWebFiles.frame(converted, 1);
        assertArrayEquals(new byte[] {0x18, (byte) 0xFC, 0, 0, (byte) 0xE8, 0x03, (byte) 0xD0, 0x07}, frame);
        assertArrayEquals(frame, DicomWebFiles.bulkData(converted, "7FE00010"));
        assertEquals("00100010", DicomWebFiles.tagOfKeyword("PatientName"));
        assertEquals(null, DicomWebFiles.tagOfKeyword("NoSuchKeyword"));
    }

    @Test
    void rendersWithTheInstanceWindowOrTheOneGiven() throws Exception {
        Path f = implicitImage();
        BufferedImage img = DicomWebFiles.render(f, 1, null, null);
        int[] grey = img.getRaster().getPixels(0, 0, 2, 2, (int[]) null);
        assertEquals(0, grey[0]);
        assertEquals(128, grey[1], 1);
        assertEquals(255, grey[2]);
        assertEquals(255, grey[3]);
        int[] narrow = DicomWebFiles.render(f, 1, 0.0, 1.0).getRaster().getPixels(0, 0, 2, 2, (int[]) null);
        assertArrayEquals(new int[] {0, 255, 255, 255}, narrow);
    }
}

package io.thinslice.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.TagFromName;
import org.junit.jupiter.api.Test;

class LogRedactionTest {

    private static final String NAME = "Zyxwvut^Qwerty";
    private static final String ID = "PID-8472-ZQX";
    private static final String BIRTH = "19230417";

    private static AttributeList dataSet() throws DicomException {
        AttributeList l = new AttributeList();
        Attrs.put(l, TagFromName.PatientName, NAME);
        Attrs.put(l, TagFromName.PatientID, ID);
        Attrs.put(l, TagFromName.PatientBirthDate, BIRTH);
        Attrs.put(l, TagFromName.ReferringPhysicianName, "Doctor^Kvothe");
        Attrs.put(l, TagFromName.SeriesInstanceUID, "1.2.3.4");
        Attrs.put(l, TagFromName.Modality, "CT");
        return l;
    }

    private static void assertClean(String redacted) {
        for (String s : new String[] {NAME, ID, BIRTH, "Zyxwvut", "Kvothe"}) {
            assertFalse(redacted.contains(s), s + " left in:\n" + redacted);
        }
    }

    @Test
    void pixelMedDumpLosesPatientValuesAndKeepsTheRest() throws Exception {
        String dump = dataSet().toString();
        assertTrue(dump.contains(NAME) && dump.contains(ID) && dump.contains(BIRTH), "PixelMed's dump holds the values:\n" + dump);
        String r = LogRedaction.redact(dump);
        assertClean(r);
        assertTrue(r.contains("1.2.3.4") && r.contains("CT"), "UIDs and other values stay:\n" + r);
        assertTrue(r.contains(LogRedaction.REDACTED), r);
        assertEquals(dump.lines().count(), r.lines().count(), "line for line");
    }

    @Test
    void dcmtkDumpAndDicomJsonLosePatientValues() {
        String dcmdump = "(0008,0060) CS [CT]                                     #   2, 1 Modality\n"
                + "(0010,0010) PN [" + NAME + "]                         #  14, 1 PatientName\n"
                + "(0010,0020) LO [" + ID + "]                           #  12, 1 PatientID\n"
                + "(0010,0030) DA [" + BIRTH + "]                               #   8, 1 PatientBirthDate\n"
                + "(0008,0090) PN [Doctor^Kvothe]                          #  14, 1 ReferringPhysicianName\n";
        String r = LogRedaction.redact(dcmdump);
        assertClean(r);
        assertTrue(r.contains("[CT]"), r);
        String json = "{\"00080060\":{\"vr\":\"CS\",\"Value\":[\"CT\"]},\"00100010\":{\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"" + NAME
                + "\"}]},\"00100020\":{\"vr\":\"LO\",\"Value\":[\"" + ID + "\"]},\"00100030\":{\"vr\":\"DA\",\"Value\":[\"" + BIRTH
                + "\"]},\"00080090\":{\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"Doctor^Kvothe\"}]}}";
        String rj = LogRedaction.redact(json);
        assertClean(rj);
        assertTrue(rj.contains("[\"CT\"]"), rj);
    }

    @Test
    void queryKeysOfThePatientGroupAreRedactedInUrls() {
        String url = "GET /dicom-web/studies?PatientID=" + ID + "&limit=5&PatientName=Zyxwvut*&00100030=" + BIRTH + "&Modality=CT HTTP/1.1";
        String r = LogRedaction.redact(url);
        assertClean(r);
        assertTrue(r.contains("limit=5") && r.contains("Modality=CT"), r);
        assertEquals("GET /dicom-web/studies?PatientID=(redacted)&limit=5&PatientName=(redacted)&00100030=(redacted)&Modality=CT HTTP/1.1", r);
    }

    @Test
    void ordinaryMessagesPassUnchanged() {
        String m = "series 1.2.826.0.1.3680043.2.1125.1 done: derived 2.25.123 (37 instances); C-STORE from CTSCANNER answered 0xC000";
        assertFalse(LogRedaction.needsRedaction(m));
        assertEquals(m, LogRedaction.redact(m));
        assertEquals(null, LogRedaction.redact(null));
    }

    @Test
    void describeKeepsTheClassAndRedactsTheMessage() {
        String d = LogRedaction.describe(new DicomException("bad value in (0x0010,0x0010) PatientName VR=<PN> VL=<0xe> <" + NAME + ">"));
        assertClean(d);
        assertTrue(d.startsWith("DicomException: bad value in (0x0010,0x0010) PatientName"), d);
    }
}

package io.thinslice.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QidoTest {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private static DicomWebIndex.Entry entry(String study, String series, String sop, String patientId, String name, String date, String modality) {
        ObjectNode a = F.objectNode();
        a.set("0020000D", v("UI", F.textNode(study)));
        a.set("0020000E", v("UI", F.textNode(series)));
        a.set("00080018", v("UI", F.textNode(sop)));
        a.set("00100020", v("LO", F.textNode(patientId)));
        a.set("00100010", v("PN", F.objectNode().put("Alphabetic", name)));
        a.set("00080020", v("DA", F.textNode(date)));
        a.set("00080060", v("CS", F.textNode(modality)));
        a.set("0008103E", v("LO", F.textNode("Head [ThinSlice x4]")));
        return new DicomWebIndex.Entry(study, series, sop, "1.2.840.10008.5.1.4.1.1.2", Path.of(sop), a, true);
    }

    private static ObjectNode v(String vr, JsonNode value) {
        ObjectNode o = F.objectNode().put("vr", vr);
        o.putArray("Value").add(value);
        return o;
    }

    private static final List<DicomWebIndex.Entry> ENTRIES = List.of(
            entry("1.1", "1.1.1", "1.1.1.1", "P1", "Doe^Jane", "20240105", "CT"),
            entry("1.1", "1.1.1", "1.1.1.2", "P1", "Doe^Jane", "20240105", "CT"),
            entry("1.1", "1.1.2", "1.1.2.1", "P1", "Doe^Jane", "20240105", "CT"),
            entry("2.2", "2.2.1", "2.2.1.1", "P2", "Roe^Richard", "20231231", "CT"));

    private static ArrayNode run(Qido.Level level, String... params) throws Exception {
        Map<String, List<String>> p = new LinkedHashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            p.computeIfAbsent(params[i], k -> new java.util.ArrayList<>()).add(params[i + 1]);
        }
        return Qido.run(ENTRIES, level, null, null, Qido.parse(p), "http://n/dicom-web");
    }

    @Test
    void studiesWithCountsAndMatching() throws Exception {
        ArrayNode all = run(Qido.Level.STUDY);
        assertEquals(2, all.size());
        JsonNode first = all.get(0);
        assertEquals(2, first.path("00201206").path("Value").get(0).asInt());
        assertEquals(3, first.path("00201208").path("Value").get(0).asInt());
        assertEquals("http://n/dicom-web/studies/1.1", first.path("00081190").path("Value").get(0).asText());
        assertEquals(1, run(Qido.Level.STUDY, "PatientName", "doe*").size());
        assertEquals(1, run(Qido.Level.STUDY, "PatientName", "R?E^*").size());
        assertEquals(1, run(Qido.Level.STUDY, "StudyDate", "20240101-").size());
        assertEquals(1, run(Qido.Level.STUDY, "00080020", "-20231231").size());
        assertEquals(2, run(Qido.Level.STUDY, "StudyDate", "20231231-20240105").size());
        assertEquals(1, run(Qido.Level.STUDY, "PatientID", "P2").size());
        assertEquals(2, run(Qido.Level.STUDY, "StudyInstanceUID", "1.1,2.2").size());
        assertEquals(0, run(Qido.Level.STUDY, "Modality", "MR").size());
    }

    @Test
    void seriesAndInstancesWithLimitOffsetAndIncludefield() throws Exception {
        assertEquals(3, run(Qido.Level.SERIES).size());
        assertEquals(2, run(Qido.Level.SERIES, "SeriesDescription", "*ThinSlice*", "limit", "2").size());
        ArrayNode page = run(Qido.Level.INSTANCE, "offset", "3");
        assertEquals(1, page.size());
        assertEquals("2.2.1.1", page.get(0).path("00080018").path("Value").get(0).asText());
        ArrayNode withSeries = run(Qido.Level.INSTANCE, "SeriesInstanceUID", "1.1.1", "includefield", "PatientID");
        assertEquals(2, withSeries.size());
        assertTrue(withSeries.get(0).has("00100020"));
    }

    @Test
    void unmatchedKnownKeysAreIgnoredAndNamed() throws Exception {
        Qido.Query q = Qido.parse(Map.of("PatientBirthDate", List.of("19700101"), "PatientSex", List.of(""), "fuzzymatching", List.of("true")));
        assertEquals(List.of("PatientBirthDate", "fuzzymatching"), q.ignored().stream().sorted().toList());
        assertTrue(q.include().contains("00100040"));
    }

    @Test
    void badParametersAreRefused() {
        assertThrows(Qido.BadQueryException.class, () -> run(Qido.Level.STUDY, "NoSuchKeyword", "x"));
        assertThrows(Qido.BadQueryException.class, () -> run(Qido.Level.STUDY, "limit", "-1"));
        assertThrows(Qido.BadQueryException.class, () -> run(Qido.Level.STUDY, "offset", "x"));
        assertThrows(Qido.BadQueryException.class, () -> run(Qido.Level.STUDY, "StudyDate", "2024-01-01"));
        assertThrows(Qido.BadQueryException.class, () -> run(Qido.Level.STUDY, "fuzzymatching", "maybe"));
        assertThrows(Qido.BadQueryException.class, () -> run(Qido.Level.STUDY, "includefield", "Nope"));
    }
}

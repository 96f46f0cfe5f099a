package io.thinslice.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every message the node can build, the ones a full run through the node does not show today included (HTTP 401,
 * deletion by retention, failed transfers, a refused association without calling AE title), validates against the
 * RELAX NG schema of DICOM PS3.15 A.5.1 with xmllint.
 */
class AuditEventsTest {

    @TempDir
    Path tmp;

    @Test
    void everyMessageValidatesAgainstTheStandardsSchema() throws Exception {
        AuditEvents events = new AuditEvents("THINSLICE", "node.example");
        AuditEvents.Peer scanner = new AuditEvents.Peer("CTSCANNER", "10.0.0.7");
        AuditEvents.Peer client = new AuditEvents.Peer("10.0.0.9", "10.0.0.9");
        Map<String, Integer> ct = new LinkedHashMap<>(Map.of("1.2.840.10008.5.1.4.1.1.2", 9));
        AuditEvents.SeriesInstances series = new AuditEvents.SeriesInstances("1.2.3", "1.2.3.4", ct);
        List<AuditMessage> all = List.of(
                events.associationAccepted(scanner),
                events.associationRefused(new AuditEvents.Peer(null, "10.0.0.8"), "not a DICOM A-ASSOCIATE-RQ (first byte 0x47)"),
                events.instancesStored(scanner, List.of(series), AuditMessage.MINOR_FAILURE, "8 stored, 1 refused <&\"\n>"),
                events.seriesDerived(series),
                events.instancesExported("PACS@pacs:104", series, AuditMessage.MINOR_FAILURE, "connection refused"),
                events.query(client, "/dicom-web/studies?PatientName=Doe*&limit=10", AuditMessage.SUCCESS),
                events.retrieved(client, "/dicom-web/studies/1.2.3/series/1.2.3.4", List.of(series), 4, "HTTP 404"),
                events.deleted(null, series, "received series deleted after thinslice.storage.retention"),
                events.deleted(client, new AuditEvents.SeriesInstances(null, null, Map.of()), "deleted by DELETE /api/jobs/x"),
                events.httpRefused(client, 401, "GET", "/dicom-web/studies"),
                events.httpRefused(new AuditEvents.Peer("alice", "10.0.0.9"), 403, "POST", "/dicom-web/studies"));
        List<Object> files = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            String xml = all.get(i).toXml("THINSLICE");
            assertEquals(-1, xml.indexOf('\n'), "one line: " + xml);
            Path f = tmp.resolve("m" + i + ".xml");
            Files.writeString(f, xml);
            files.add(f.toString());
        }
        List<String> cmd = new ArrayList<>(List.of("xmllint", "--noout", "--relaxng", schema().toString()));
        files.forEach(f -> cmd.add(f.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertEquals(all.size(), out.lines().filter(l -> l.endsWith(" validates")).count(), out);
    }

    @Test
    void unauthenticatedIsUserAuthenticationAndForbiddenIsSecurityAlert() {
        AuditEvents events = new AuditEvents("THINSLICE", null);
        AuditEvents.Peer client = new AuditEvents.Peer("10.0.0.9", "10.0.0.9");
        String unauthenticated = events.httpRefused(client, 401, "GET", "/api/jobs").toXml("S");
        assertTrue(unauthenticated.contains("<EventID csd-code=\"110114\"") && unauthenticated.contains("csd-code=\"110122\""), unauthenticated);
        String forbidden = events.httpRefused(client, 403, "GET", "/api/jobs").toXml("S");
        assertTrue(forbidden.contains("<EventID csd-code=\"110113\"") && forbidden.contains("csd-code=\"110132\""), forbidden);
    }

    /** The standard's compact schema (test resource) in XML syntax, by trang; see AuditTrailIT for the "##" step. */
    private Path schema() throws Exception {
        Path rnc = tmp.resolve("audit-message.rnc");
        try (InputStream in = getClass().getResourceAsStream("/audit/audit-message.rnc")) {
            Files.writeString(rnc, new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("##", "#"));
        }
        Path rng = tmp.resolve("audit-message.rng");
        Process p = new ProcessBuilder("trang", rnc.toString(), rng.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return rng;
    }
}

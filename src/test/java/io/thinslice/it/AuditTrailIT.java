package io.thinslice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit trail against a real audit record repository: rsyslog (Debian), receiving RFC 5424 syslog over TLS
 * (RFC 5425, its gtls driver) on a port of its own, with its own configuration, pid file and work directory. One node
 * sends there and to a local file; every message must validate against the RELAX NG schema of DICOM PS3.15 A.5.1
 * ({@code xmllint --relaxng}, the standard's compact schema converted by trang). Then the collector goes away, and the
 * node must still store, derive and export everything, and delete it by retention.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditTrailIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path tmp;
    private static AuditRepository repository;
    private static Path auditFile;
    private static Storescp pacs;
    private static Node node;

    @BeforeAll
    static void start() throws Exception {
        repository = AuditRepository.start(tmp.resolve("repository"));
        pacs = Storescp.start("PACS", Ports.free(), tmp.resolve("pacs"));
        auditFile = tmp.resolve("node-audit.log");
        List<String> settings = new ArrayList<>(repository.nodeSettings());
        settings.addAll(List.of(
                "thinslice.synthesis.method", "cubic",
                "thinslice.export.destinations", pacs.destination(),
                "thinslice.dicom.allowed-callers", "CTSCANNER",
                "thinslice.audit.file", auditFile.toString(),
                // Long enough for the first case's queries after its series is done; the second case waits for it.
                "thinslice.storage.retention", "12s",
                "thinslice.storage.retention-check", "1s",
                // A 403 without an identity provider: the CORS filter's for a foreign origin (SecuredNodeIT audits
                // the 401 and 403 of OpenID Connect).
                "quarkus.http.cors.enabled", "true",
                "quarkus.http.cors.origins", "http://viewer.example"));
        node = Node.start(tmp.resolve("node"), settings.toArray(String[]::new));
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
        if (pacs != null) {
            pacs.close();
        }
        if (repository != null) {
            repository.close();
        }
    }

    @Test
    @Order(1)
    void oneRunThroughTheNodeIsAuditedInSchemaValidMessages() throws Exception {
        List<Path> thick = Studies.phantom(tmp.resolve("study"), "--name", "audited");
        String series = Studies.seriesUid(thick.get(0));
        String study = Studies.string(Studies.read(thick.get(0)), com.pixelmed.dicom.TagFromName.StudyInstanceUID);

        assertEquals(0, Tool.echoscu("CTSCANNER", Node.AE, node.dicomPort).exitCode(), "C-ECHO answered");
        assertTrue(Tool.storescu("INTRUDER", Node.AE, node.dicomPort, thick.subList(0, 1)).exitCode() != 0, "a calling AE not allowed is refused");
        Tool.storescu("CTSCANNER", Node.AE, node.dicomPort, thick).requireSuccess("storescu");
        JsonNode job = Jobs.awaitFinal(node, series, 240);
        assertEquals("done", job.path("state").asText(), job.toString());
        String derived = job.path("derivedSeriesInstanceUid").asText();

        assertEquals(200, get("/dicom-web/studies?StudyInstanceUID=" + study, "application/dicom+json", null).statusCode(), "QIDO-RS");
        assertEquals(200, get("/dicom-web/studies/" + study + "/series/" + derived + "/metadata", "application/dicom+json", null).statusCode(),
                "WADO-RS");
        assertEquals(403, get("/dicom-web/studies", "application/dicom+json", "http://attacker.example").statusCode(),
                "a request from a foreign origin is refused");
        assertEquals(204, node.send("DELETE", "/api/jobs/" + job.path("id").asText()).statusCode(), "job deleted");

        List<String> expected = List.of(
                "110113|E|0|" + "association accepted from calling AE title CTSCANNER",
                "110113|E|4|" + "association refused: calling AE title 'INTRUDER'",
                "110104|C|0|" + study,
                "110103|C|0|" + "series " + derived,
                "110104|R|0|" + "PACS@127.0.0.1",
                "110112|E|0|" + "StudyInstanceUID=" + study,
                "110104|R|0|" + "/metadata",
                "110113|E|4|" + "Use of Restricted Function",
                "110103|D|0|" + "series " + series);
        List<String> syslog = repository.awaitMessages(expected, 60);
        List<String> file = AuditRepository.awaitMessages(auditFile, expected, 30);
        repository.assertValid(syslog, "syslog");
        repository.assertValid(file, "file");
        assertTrue(Files.readString(repository.received).lines().allMatch(l -> l.startsWith("1 thinslice IHE+RFC-3881 ")),
                "RFC 5424 version 1, APP-NAME thinslice, MSGID IHE+RFC-3881:\n" + Files.readString(repository.received));
        String log = node.logText();
        assertFalse(log.contains("AuditMessage") || log.contains("ParticipantObject"), "audit payloads stay out of the ordinary log");
    }

    @Test
    @Order(2)
    void aDeadCollectorLosesNoDicomData() throws Exception {
        repository.stop(); // its port is closed now: every TLS connection is refused
        List<Path> thick = Studies.phantom(tmp.resolve("study2"), "--name", "unaudited");
        String series = Studies.seriesUid(thick.get(0));
        Tool.storescu("CTSCANNER", Node.AE, node.dicomPort, thick).requireSuccess("storescu with the collector down");
        JsonNode job = Jobs.awaitFinal(node, series, 240);
        assertEquals("done", job.path("state").asText(), job.toString());
        assertEquals(thick.size(), job.path("instancesReceived").asInt(), "every instance stored");
        assertEquals(thick.size(), Files.list(node.storage.resolve("series").resolve(series)).count());
        assertTrue(node.isAlive());
        assertEquals(0, Tool.echoscu("CTSCANNER", Node.AE, node.dicomPort).exitCode(), "the node keeps serving");
        String metrics = node.get("/q/metrics").body();
        double dropped = metrics.lines().filter(l -> l.startsWith("thinslice_audit_dropped_total")).mapToDouble(l -> Double.parseDouble(l.split(" ")[1]))
                .findFirst().orElse(-1);
        assertTrue(dropped > 0, "dropped audit messages are counted:\n" + metrics.lines().filter(l -> l.contains("audit")).toList());
        assertTrue(node.logText().contains("audit destination syslog tls://127.0.0.1"), "the drop is logged");
        // The file destination is independent of the dead collector: it gets this series' store, and its deletion
        // by retention (thinslice.storage.retention) once that has passed.
        String study = Studies.string(Studies.read(thick.get(0)), com.pixelmed.dicom.TagFromName.StudyInstanceUID);
        List<String> file = AuditRepository.awaitMessages(auditFile, List.of("110104|C|0|" + study, "110103|D|0|series " + series,
                "110103|D|0|series " + job.path("derivedSeriesInstanceUid").asText()), 90);
        repository.assertValid(file, "file-after");
    }

    // ------------------------------------------------------------------------------------------------------------

    private static HttpResponse<String> get(String path, String accept, String origin) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort + path)).timeout(Duration.ofSeconds(10))
                .header("Accept", accept);
        if (origin != null) {
            b.header("Origin", origin);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}

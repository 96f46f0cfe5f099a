package io.thinslice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
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
    private static Path received;
    private static Path auditFile;
    private static Path schema;
    private static Process rsyslog;
    private static Storescp pacs;
    private static Node node;

    @BeforeAll
    static void start() throws Exception {
        schema = relaxNgSchema();
        Path certs = Files.createDirectories(tmp.resolve("certs"));
        Tool.run(Tool.cmd("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", certs.resolve("key.pem"), "-out", certs.resolve("cert.pem")), 60)
                .requireSuccess("openssl req");
        Path trustStore = certs.resolve("trust.p12");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(certs.resolve("cert.pem"))) {
            trust.setCertificateEntry("collector", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        try (var out = Files.newOutputStream(trustStore)) {
            trust.store(out, "changeit".toCharArray());
        }
        int syslogPort = Ports.free();
        received = tmp.resolve("rsyslog-received.log");
        rsyslog = startRsyslog(syslogPort, certs);

        pacs = Storescp.start("PACS", Ports.free(), tmp.resolve("pacs"));
        auditFile = tmp.resolve("node-audit.log");
        node = Node.start(tmp.resolve("node"),
                "thinslice.synthesis.method", "cubic",
                "thinslice.export.destinations", pacs.destination(),
                "thinslice.dicom.allowed-callers", "CTSCANNER",
                "thinslice.audit.syslog-host", "127.0.0.1",
                "thinslice.audit.syslog-port", Integer.toString(syslogPort),
                "thinslice.audit.syslog-protocol", "tls",
                "thinslice.audit.syslog-trust-store", trustStore.toString(),
                "thinslice.audit.syslog-trust-store-password", "changeit",
                "thinslice.audit.file", auditFile.toString(),
                // Long enough for the first case's queries after its series is done; the second case waits for it.
                "thinslice.storage.retention", "12s",
                "thinslice.storage.retention-check", "1s",
                // The node has no authentication yet (issue 11, OIDC): the CORS filter's 403 for a foreign origin is
                // today's way to an HTTP 403 on /dicom-web.
                "quarkus.http.cors.enabled", "true",
                "quarkus.http.cors.origins", "http://viewer.example");
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
        if (pacs != null) {
            pacs.close();
        }
        stopRsyslog();
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
        List<String> syslog = awaitMessages(received, expected, 60);
        List<String> file = awaitMessages(auditFile, expected, 30);
        assertValid(syslog, "syslog");
        assertValid(file, "file");
        assertTrue(Files.readString(received).lines().allMatch(l -> l.startsWith("1 thinslice IHE+RFC-3881 ")),
                "RFC 5424 version 1, APP-NAME thinslice, MSGID IHE+RFC-3881:\n" + Files.readString(received));
        String log = node.logText();
        assertFalse(log.contains("AuditMessage") || log.contains("ParticipantObject"), "audit payloads stay out of the ordinary log");
    }

    @Test
    @Order(2)
    void aDeadCollectorLosesNoDicomData() throws Exception {
        stopRsyslog(); // its port is closed now: every TLS connection is refused
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
        List<String> file = awaitMessages(auditFile, List.of("110104|C|0|" + study, "110103|D|0|series " + series,
                "110103|D|0|series " + job.path("derivedSeriesInstanceUid").asText()), 90);
        assertValid(file, "file-after");
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

    /**
     * Waits until, for each expected "eventId|action|outcome|text", some message has that EventID code, action and
     * outcome and contains the text (plainly or base64-decoded in a ParticipantObjectQuery); returns the messages.
     */
    private static List<String> awaitMessages(Path file, List<String> expected, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<String> missing = expected;
        List<String> messages = List.of();
        while (System.nanoTime() < deadline) {
            messages = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(AuditTrailIT::xml).filter(x -> !x.isEmpty())
                    .toList() : List.of();
            List<String> all = messages;
            missing = expected.stream().filter(e -> all.stream().noneMatch(matches(e))).toList();
            if (missing.isEmpty()) {
                return messages;
            }
            Thread.sleep(300);
        }
        fail("audit messages missing from " + file.getFileName() + ": " + missing + "\nreceived:\n" + String.join("\n", messages));
        return messages;
    }

    private static Predicate<String> matches(String expected) {
        String[] e = expected.split("\\|", 4);
        return m -> m.contains("<EventID csd-code=\"" + e[0] + "\"") && m.contains("EventActionCode=\"" + e[1] + "\"")
                && m.contains("EventOutcomeIndicator=\"" + e[2] + "\"") && (m.contains(e[3]) || decodedQuery(m).contains(e[3]));
    }

    private static String decodedQuery(String m) {
        int i = m.indexOf("<ParticipantObjectQuery>");
        if (i < 0) {
            return "";
        }
        String b64 = m.substring(i + "<ParticipantObjectQuery>".length(), m.indexOf("</ParticipantObjectQuery>"));
        return new String(java.util.Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
    }

    /** The XML document of a line (rsyslog's line starts with the syslog header fields and the MSG's byte order mark). */
    private static String xml(String line) {
        int i = line.indexOf("<?xml");
        return i < 0 ? "" : line.substring(i);
    }

    private static void assertValid(List<String> messages, String where) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("validate-" + where));
        List<Object> files = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            Path f = dir.resolve("message-" + i + ".xml");
            Files.writeString(f, messages.get(i));
            files.add(f);
        }
        Tool.Result r = Tool.run(Tool.cmd("xmllint", "--noout", "--relaxng", schema, files), 120);
        assertEquals(0, r.exitCode(), "every " + where + " audit message validates against PS3.15 A.5.1:\n" + r.output());
        assertEquals(messages.size(), r.output().lines().filter(l -> l.endsWith(" validates")).count(), r.output());
    }

    /**
     * The standard's schema, in RELAX NG compact syntax (a test resource), converted to the XML syntax xmllint reads.
     * Its "##" documentation comments are made plain comments first: in the standard some follow the last choice of
     * a group, where trang wants a pattern; comments have no effect on validation.
     */
    private static Path relaxNgSchema() throws Exception {
        Path rnc = tmp.resolve("audit-message.rnc");
        try (InputStream in = AuditTrailIT.class.getResourceAsStream("/audit/audit-message.rnc")) {
            Files.writeString(rnc, new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("##", "#"));
        }
        Path rng = tmp.resolve("audit-message.rng");
        Tool.run(Tool.cmd("trang", rnc, rng), 120).requireSuccess("trang");
        return rng;
    }

    private static Process startRsyslog(int port, Path certs) throws Exception {
        Path work = Files.createDirectories(tmp.resolve("rsyslog-work"));
        Path conf = tmp.resolve("rsyslog.conf");
        Files.writeString(conf, """
                global(workDirectory="%s" maxMessageSize="64k"
                       defaultNetstreamDriver="gtls"
                       defaultNetstreamDriverCAFile="%s" defaultNetstreamDriverCertFile="%s" defaultNetstreamDriverKeyFile="%s")
                module(load="imtcp" streamDriver.name="gtls" streamDriver.mode="1" streamDriver.authMode="anon")
                template(name="audit" type="string" string="%%protocol-version%% %%app-name%% %%msgid%% %%msg%%\\n")
                ruleset(name="audit") {
                    action(type="omfile" file="%s" template="audit")
                }
                input(type="imtcp" address="127.0.0.1" port="%d" ruleset="audit")
                """.formatted(work, certs.resolve("cert.pem"), certs.resolve("cert.pem"), certs.resolve("key.pem"), received, port));
        Process p = new ProcessBuilder("rsyslogd", "-n", "-f", conf.toString(), "-i", tmp.resolve("rsyslog.pid").toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("rsyslogd.out").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                fail("rsyslogd exited with " + p.exitValue() + ":\n" + Files.readString(tmp.resolve("rsyslogd.out")));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return p;
            } catch (java.io.IOException e) {
                Thread.sleep(100);
            }
        }
        p.destroyForcibly();
        throw new AssertionError("rsyslogd not listening on " + port + ":\n" + Files.readString(tmp.resolve("rsyslogd.out")));
    }

    private static void stopRsyslog() throws InterruptedException {
        if (rsyslog != null && rsyslog.isAlive()) {
            rsyslog.destroy();
            if (!rsyslog.waitFor(10, TimeUnit.SECONDS)) {
                rsyslog.destroyForcibly();
                rsyslog.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}

package io.thinslice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DICOM TLS (PS3.15 B.10) in and out, against dcmtk and openssl: one node with a plain and a TLS port, exporting over
 * TLS to a dcmtk storescp that requires the node's client certificate. Keys and certificates are made at test time.
 */
class DicomTlsIT {

    @TempDir
    static Path tmp;

    private static Pki pki;
    private static Pki.Identity client;
    private static Pki.Identity rogue;
    private static List<Path> thick;
    private static Storescp pacs;
    private static Node node;
    private static int tlsPort;

    @BeforeAll
    static void start() throws Exception {
        pki = Pki.create(tmp.resolve("pki"), "thinslice");
        Pki.Identity nodeIdentity = pki.issue("node");
        Pki.Identity pacsIdentity = pki.issue("pacs");
        client = pki.issue("modality");
        rogue = Pki.create(tmp.resolve("rogue-pki"), "rogue").issue("rogue-modality");
        thick = Studies.phantom(tmp.resolve("study"), "--name", "tls");
        // storescp with TLS requires and checks the client certificate by default (-rc) against +cf.
        pacs = Storescp.start("PACS", Ports.free(), tmp.resolve("pacs"), tls(client),
                "+tls", pacsIdentity.key().toString(), pacsIdentity.certificate().toString(), "+cf", pki.caCertificate.toString());
        tlsPort = Ports.free();
        node = Node.start(tmp.resolve("node"), "thinslice.synthesis.method", "linear",
                "thinslice.dicom.tls.port", Integer.toString(tlsPort),
                "thinslice.dicom.tls.key-store", nodeIdentity.keyStore().toString(),
                "thinslice.dicom.tls.key-store-password", Pki.PASSWORD,
                "thinslice.dicom.tls.trust-store", pki.trustStore.toString(),
                "thinslice.dicom.tls.trust-store-password", Pki.PASSWORD,
                "thinslice.export.tls.destinations", pacs.destination(),
                "thinslice.export.tls.key-store", nodeIdentity.keyStore().toString(),
                "thinslice.export.tls.key-store-password", Pki.PASSWORD,
                "thinslice.export.tls.trust-store", pki.trustStore.toString(),
                "thinslice.export.tls.trust-store-password", Pki.PASSWORD);
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
        if (pacs != null) {
            pacs.close();
        }
    }

    /** dcmtk's TLS options with a client identity and the test CA (dcmtk's default profile: Non-downgrading BCP 195). */
    private static List<Object> tls(Pki.Identity identity) {
        return List.of("+tls", identity.key(), identity.certificate(), "+cf", pki.caCertificate);
    }

    private static Tool.Result storescu(List<Object> tlsOptions, int port) {
        return Tool.run(Tool.cmd("storescu", tlsOptions, "-aet", "CTSCANNER", "-aec", Node.AE, "127.0.0.1", port, thick));
    }

    private static Tool.Result echoscu(List<Object> tlsOptions, int port) {
        return Tool.run(Tool.cmd("echoscu", tlsOptions, "-aet", "ECHOSCU", "-aec", Node.AE, "127.0.0.1", port), 30);
    }

    @Test
    void seriesInOverTlsGoesOutOverTlsWithTheNodesClientCertificate() throws Exception {
        storescu(tls(client), tlsPort).requireSuccess("storescu +tls");

        JsonNode job = Jobs.awaitFinal(node, Studies.seriesUid(thick.get(0)), 240);
        assertEquals("done", job.path("state").asText(), job.toString());
        assertEquals(9, job.path("instancesReceived").asInt());
        JsonNode export = job.path("exports").get(0);
        assertEquals("done", export.path("state").asText(), job.toString());
        assertEquals(pacs.destination() + " (TLS)", export.path("destination").asText(), job.toString());
        List<Path> received = pacs.awaitFiles(33, 60);
        DerivedSeriesAssertions.check(thick, received, 4);
    }

    @Test
    void plainAndUntrustedClientsGetNothingThroughAndTheNodeKeepsServing() throws Exception {
        double before = instancesTaken();
        int refusalsBefore = count(node.logText(), "refused TLS connection from ");

        Tool.Result plain = storescu(List.of(), tlsPort);
        assertNotEquals(0, plain.exitCode(), "plain storescu to the TLS port:\n" + plain.output());
        Tool.Result untrusted = storescu(tls(rogue), tlsPort);
        assertNotEquals(0, untrusted.exitCode(), "storescu with a certificate of another CA:\n" + untrusted.output());
        Tool.Result noCertificate = Tool.run(Tool.cmd("openssl", "s_client", "-connect", "127.0.0.1:" + tlsPort, "-CAfile", pki.caCertificate,
                "-tls1_2"), 30);
        assertNotEquals(0, noCertificate.exitCode(), "a TLS client without a certificate:\n" + noCertificate.output());
        assertTrue(noCertificate.output().contains("bad certificate"), noCertificate.output());

        assertEquals(before, instancesTaken(), "no instance taken in (stored or duplicate) from a refused connection");
        String log = node.logText();
        for (int i = 0; i < 50 && count(log, "refused TLS connection from ") < refusalsBefore + 3; i++) {
            Thread.sleep(200); // the node may log a refusal just after the client has given up
            log = node.logText();
        }
        assertEquals(refusalsBefore + 3, count(log, "refused TLS connection from "), "each refusal logged:\n" + Jobs.tail(log));

        assertEquals(0, echoscu(tls(client), tlsPort).exitCode(), "a good TLS association after the refusals");
        assertEquals(0, echoscu(List.of(), node.dicomPort).exitCode(), "the plain port still serves");
        assertTrue(node.isAlive());
    }

    @Test
    void onlyTls12And13AreNegotiated() {
        // Positive controls: the same client gets in with TLS 1.3 and 1.2 (one of the suites PS3.15 B.10 requires).
        Tool.Result tls13 = sClient("-tls1_3");
        assertEquals(0, tls13.exitCode(), tls13.output());
        assertTrue(tls13.output().contains("TLSv1.3"), tls13.output());
        Tool.Result tls12 = sClient("-tls1_2", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256");
        assertEquals(0, tls12.exitCode(), tls12.output());
        assertTrue(tls12.output().contains("TLSv1.2") && tls12.output().contains("ECDHE-RSA-AES128-GCM-SHA256"), tls12.output());

        // TLS 1.1, offered at openssl's lowest security level so that the refusal is the node's, not the client's.
        Tool.Result tls11 = sClient("-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0");
        assertNotEquals(0, tls11.exitCode(), tls11.output());
        assertFalse(tls11.output().contains("no protocols available"), "openssl itself refused TLS 1.1:\n" + tls11.output());
        assertTrue(tls11.output().contains("protocol version"), "the node answers with a protocol_version alert:\n" + tls11.output());
        // TLS 1.2 with a suite outside the list (PixelMed's own legacy one, TLS_RSA_WITH_AES_128_CBC_SHA).
        Tool.Result legacy = sClient("-tls1_2", "-cipher", "AES128-SHA:@SECLEVEL=0");
        assertNotEquals(0, legacy.exitCode(), legacy.output());
        assertTrue(legacy.output().contains("handshake failure"), legacy.output());
    }

    private static Tool.Result sClient(String... options) {
        return Tool.run(Tool.cmd("openssl", "s_client", "-connect", "127.0.0.1:" + tlsPort, "-CAfile", pki.caCertificate, "-cert",
                client.certificate(), "-key", client.key(), List.of(options)), 30);
    }

    /** Every instance the node's intake has counted, whatever the outcome. */
    private static double instancesTaken() throws Exception {
        Matcher m = Pattern.compile("(?m)^thinslice_ingest_instances_total\\{[^}]*} ([0-9.Ee+-]+)$").matcher(node.get("/q/metrics").body());
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
        }
        return sum;
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}

package io.thinslice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real audit record repository: rsyslog (Debian) receiving RFC 5424 syslog over TLS (RFC 5425, its gtls driver) on
 * a port of its own, with its own configuration, pid file and work directory; and the check of what it received
 * against the RELAX NG schema of DICOM PS3.15 A.5.1 ({@code xmllint --relaxng}, the standard's compact schema
 * converted by trang).
 */
final class AuditRepository implements AutoCloseable {

    private static final String TRUST_PASSWORD = "changeit";

    final Path dir;
    final int port;
    final Path received;
    final Path trustStore;
    private final Path schema;
    private final Process rsyslog;

    private AuditRepository(Path dir, int port, Path trustStore, Path schema, Process rsyslog) {
        this.dir = dir;
        this.port = port;
        this.received = dir.resolve("rsyslog-received.log");
        this.trustStore = trustStore;
        this.schema = schema;
        this.rsyslog = rsyslog;
    }

    static AuditRepository start(Path dir) throws Exception {
        Files.createDirectories(dir);
        Path certs = Files.createDirectories(dir.resolve("certs"));
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
            trust.store(out, TRUST_PASSWORD.toCharArray());
        }
        int port = Ports.free();
        Process rsyslog = startRsyslog(dir, port, certs);
        return new AuditRepository(dir, port, trustStore, relaxNgSchema(dir), rsyslog);
    }

    /** The node settings that send its audit messages here. */
    List<String> nodeSettings() {
        return List.of("thinslice.audit.syslog-host", "127.0.0.1", "thinslice.audit.syslog-port", Integer.toString(port),
                "thinslice.audit.syslog-protocol", "tls", "thinslice.audit.syslog-trust-store", trustStore.toString(),
                "thinslice.audit.syslog-trust-store-password", TRUST_PASSWORD);
    }

    /** Waits for the expected messages in what rsyslog received (see {@link #awaitMessages(Path, List, int)}). */
    List<String> awaitMessages(List<String> expected, int seconds) throws Exception {
        return awaitMessages(received, expected, seconds);
    }

    /**
     * Waits until, for each expected "eventId|action|outcome|text", some message in {@code file} has that EventID
     * code, action and outcome and contains the text (plainly or base64-decoded in a ParticipantObjectQuery); returns
     * the messages.
     */
    static List<String> awaitMessages(Path file, List<String> expected, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<String> missing = expected;
        List<String> messages = List.of();
        while (System.nanoTime() < deadline) {
            messages = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(AuditRepository::xml)
                    .filter(x -> !x.isEmpty()).toList() : List.of();
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

    /** Every message validates against the schema of PS3.15 A.5.1. */
    void assertValid(List<String> messages, String where) throws Exception {
        Path out = Files.createDirectories(dir.resolve("validate-" + where));
        List<Object> files = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            Path f = out.resolve("message-" + i + ".xml");
            Files.writeString(f, messages.get(i));
            files.add(f);
        }
        Tool.Result r = Tool.run(Tool.cmd("xmllint", "--noout", "--relaxng", schema, files), 120);
        assertEquals(0, r.exitCode(), "every " + where + " audit message validates against PS3.15 A.5.1:\n" + r.output());
        assertEquals(messages.size(), r.output().lines().filter(l -> l.endsWith(" validates")).count(), r.output());
    }

    /** rsyslog stops: its port is closed, every TLS connection is refused. */
    void stop() throws InterruptedException {
        if (rsyslog.isAlive()) {
            rsyslog.destroy();
            if (!rsyslog.waitFor(10, TimeUnit.SECONDS)) {
                rsyslog.destroyForcibly();
                rsyslog.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
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

    /**
     * The standard's schema, in RELAX NG compact syntax (a test resource), converted to the XML syntax xmllint reads.
     * Its "##" documentation comments are made plain comments first: in the standard some follow the last choice of
     * a group, where trang wants a pattern; comments have no effect on validation.
     */
    private static Path relaxNgSchema(Path tmp) throws Exception {
        Path rnc = tmp.resolve("audit-message.rnc");
        try (InputStream in = AuditRepository.class.getResourceAsStream("/audit/audit-message.rnc")) {
            Files.writeString(rnc, new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("##", "#"));
        }
        Path rng = tmp.resolve("audit-message.rng");
        Tool.run(Tool.cmd("trang", rnc, rng), 120).requireSuccess("trang");
        return rng;
    }

    private static Process startRsyslog(Path tmp, int port, Path certs) throws Exception {
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
                """.formatted(work, certs.resolve("cert.pem"), certs.resolve("cert.pem"), certs.resolve("key.pem"), tmp.resolve("rsyslog-received.log"), port));
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
}

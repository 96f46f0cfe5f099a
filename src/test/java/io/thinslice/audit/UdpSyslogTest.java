package io.thinslice.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.DatagramSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Syslog over UDP (RFC 5426) into a real rsyslog (Debian; imudp, its own configuration, pid file and work directory).
 * AuditTrailIT covers TLS through the packaged node.
 */
class UdpSyslogTest {

    @TempDir
    Path tmp;

    @Test
    void rsyslogReceivesEachAuditMessageAsOneRfc5424Message() throws Exception {
        int port;
        try (DatagramSocket s = new DatagramSocket(0)) {
            port = s.getLocalPort();
        }
        Path out = tmp.resolve("received.log");
        Path conf = tmp.resolve("rsyslog.conf");
        Files.writeString(conf, """
                global(workDirectory="%s" maxMessageSize="64k")
                module(load="imudp")
                template(name="audit" type="string" string="%%pri%% %%protocol-version%% %%app-name%% %%msgid%% %%msg%%\\n")
                ruleset(name="audit") {
                    action(type="omfile" file="%s" template="audit")
                }
                input(type="imudp" address="127.0.0.1" port="%d" ruleset="audit")
                """.formatted(Files.createDirectories(tmp.resolve("work")), out, port));
        Process rsyslog = new ProcessBuilder("rsyslogd", "-n", "-f", conf.toString(), "-i", tmp.resolve("rsyslog.pid").toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("rsyslogd.out").toFile()).start();
        try {
            AuditEvents events = new AuditEvents("THINSLICE", "node");
            AuditEvents.Peer caller = new AuditEvents.Peer("CTSCANNER", "127.0.0.1");
            try (AsyncAuditTrail trail = new AsyncAuditTrail(List.of(new UdpSyslogDestination("127.0.0.1", port, new SyslogFrame("node", "thinslice", 42))),
                    "THINSLICE", 100)) {
                // rsyslogd binds its UDP port some time after it starts, and UDP tells nobody of a datagram lost
                // before that: send until one arrives, then the two that are checked.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!(Files.exists(out) && Files.size(out) > 0)) {
                    if (!rsyslog.isAlive() || System.nanoTime() > deadline) {
                        fail("rsyslogd received nothing:\n" + Files.readString(tmp.resolve("rsyslogd.out")));
                    }
                    trail.record(events.associationAccepted(caller));
                    Thread.sleep(200);
                }
                trail.record(events.associationRefused(caller, "first"));
                trail.record(events.associationRefused(caller, "second"));
                deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!Files.readString(out).contains("second") && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
            }
            List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
            List<String> refused = lines.stream().filter(l -> l.contains("association refused")).toList();
            assertEquals(2, refused.size(), String.join("\n", lines));
            for (String l : refused) {
                assertTrue(l.startsWith("85 1 thinslice IHE+RFC-3881 ") && l.contains("<?xml") && l.endsWith("</AuditMessage>"), l);
            }
            assertTrue(refused.get(0).contains("first") && refused.get(1).contains("second"), "in order");
        } finally {
            rsyslog.destroy();
            if (!rsyslog.waitFor(10, TimeUnit.SECONDS)) {
                rsyslog.destroyForcibly();
            }
        }
    }
}

package io.thinslice.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thinslice.volume.Geometry;
import io.thinslice.volume.Volume;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node's C-STORE SCU over TLS (through the loopback relay) into its own TLS listener, with key stores made by
 * openssl at test time; the settings' checks; the relay's check that the loopback connection is ours.
 */
class TlsStoreTest {

    private static final String PASSWORD = "changeit";

    @TempDir
    static Path pki;
    /** Self-signed certificates: each trust store holds the one certificate it vouches for. */
    private static Path scpKeys;
    private static Path scuKeys;
    private static Path strangerKeys;
    private static Path scpTrust;
    private static Path scuTrust;

    @TempDir
    Path tmp;

    @BeforeAll
    static void makeKeys() throws Exception {
        scpKeys = keyPair("scp");
        scuKeys = keyPair("scu");
        strangerKeys = keyPair("stranger");
        // JSSE trusts the certificate of a key entry too: each side's trust store is the other side's key store.
        scpTrust = scuKeys;
        scuTrust = scpKeys;
    }

    /** A self-signed certificate for 127.0.0.1 with its key, as a PKCS#12 key store (openssl: a native tool, quick to start). */
    private static Path keyPair(String name) throws Exception {
        Path key = pki.resolve(name + ".key");
        Path crt = pki.resolve(name + ".crt");
        Path store = pki.resolve(name + ".p12");
        run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out", crt.toString(), "-days", "2",
                "-subj", "/CN=" + name, "-addext", "subjectAltName=IP:127.0.0.1");
        run("openssl", "pkcs12", "-export", "-in", crt.toString(), "-inkey", key.toString(), "-name", name, "-out", store.toString(),
                "-passout", "pass:" + PASSWORD);
        return store;
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, String.join(" ", cmd) + ":\n" + out);
    }

    private static TlsContext context(Path keys, Path trust) {
        return TlsContext.create("test", new TlsContext.Material(keys, "PKCS12", PASSWORD, trust, "PKCS12", PASSWORD,
                TlsContext.DEFAULT_PROTOCOLS, TlsContext.DEFAULT_CIPHER_SUITES));
    }

    private StoreListener tlsScp(List<ReceivedFile> received) throws Exception {
        return StoreListener.start(new StoreListenerSettings("SCP", "127.0.0.1", 0, 2, Duration.ofSeconds(10), Set.of(), tmp.resolve("incoming"),
                new StoreListenerSettings.Tls(0, context(scpKeys, scpTrust), true, true)), received::add);
    }

    private List<Path> series() throws Exception {
        Volume volume = new Volume(new float[3 * 4 * 4], 3, 4, 4, Geometry.axial(new double[] {0, 0, 0}, 1, 5));
        return SourceSeriesWriter.write(volume, SourceSeriesSpec.named("tls", "Tls^Test", "Export", 7, 0), tmp.resolve("series"));
    }

    @Test
    void theSenderStoresOverTlsWithItsClientCertificate() throws Exception {
        List<ReceivedFile> received = new CopyOnWriteArrayList<>();
        try (StoreListener scp = tlsScp(received)) {
            assertEquals(-1, scp.localPort(), "tls.only: no plain port");
            StoreSender sender = new StoreSender("THINSLICE", Duration.ofSeconds(10)).overTls(context(scuKeys, scuTrust), true);
            List<Path> files = series();

            StoreSender.Result result = assertTimeoutPreemptively(Duration.ofSeconds(30),
                    () -> sender.send(new StoreDestination("SCP", "127.0.0.1", scp.tlsPort()), files));

            assertNull(result.problem(), result.problem());
            assertEquals(3, result.sent().size());
            assertEquals(3, received.size());
        }
    }

    @Test
    void aClientCertificateTheListenerDoesNotTrustGetsNothingStored() throws Exception {
        List<ReceivedFile> received = new CopyOnWriteArrayList<>();
        try (StoreListener scp = tlsScp(received)) {
            StoreSender stranger = new StoreSender("THINSLICE", Duration.ofSeconds(10)).overTls(context(strangerKeys, scuTrust), true);
            List<Path> files = series();

            StoreSender.Result result = assertTimeoutPreemptively(Duration.ofSeconds(30),
                    () -> stranger.send(new StoreDestination("SCP", "127.0.0.1", scp.tlsPort()), files));

            assertEquals(Set.of(), result.sent());
            assertTrue(result.problem() != null && result.problem().contains("SCP@127.0.0.1:" + scp.tlsPort()), result.problem());
            assertEquals(0, received.size());
            assertTrue(scp.isListening());
        }
    }

    @Test
    void aDestinationWhoseCertificateIsNotTrustedIsNotSentTo() throws Exception {
        List<ReceivedFile> received = new CopyOnWriteArrayList<>();
        try (StoreListener scp = tlsScp(received)) {
            // Trusts only its own certificate, not the listener's.
            StoreSender sender = new StoreSender("THINSLICE", Duration.ofSeconds(10)).overTls(context(scuKeys, scpTrust), true);

            StoreSender.Result result = sender.send(new StoreDestination("SCP", "127.0.0.1", scp.tlsPort()), series());

            assertTrue(result.problem().startsWith("TLS connection to SCP@127.0.0.1:" + scp.tlsPort() + " failed: handshake failed"),
                    result.problem());
            assertFalse(result.permanent(), "retried: a certificate can be fixed");
            assertEquals(0, received.size());
        }
    }

    @Test
    void whenEverySlotIsBusyATlsClientGetsTheRejectionOverTls() throws Exception {
        try (StoreListener scp = StoreListener.start(new StoreListenerSettings("SCP", "127.0.0.1", 0, 1, Duration.ofSeconds(10), Set.of(),
                tmp.resolve("incoming"), new StoreListenerSettings.Tls(0, context(scpKeys, scpTrust), true, false)), f -> { });
             // Holds the one slot: handshake done, no A-ASSOCIATE-RQ yet.
             Socket holder = context(scuKeys, scuTrust).connect("127.0.0.1", scp.tlsPort(), 10_000, true);
             Socket silent = new Socket("127.0.0.1", scp.tlsPort())) {
            // A plain client that says nothing on the TLS port while every slot is busy: its refusal waits for a handshake
            // that never comes, and the next client is still answered.
            Thread.sleep(200);
            Socket second = context(scuKeys, scuTrust).connect("127.0.0.1", scp.tlsPort(), 10_000, true);
            second.setSoTimeout(10_000);
            byte[] reply = second.getInputStream().readNBytes(10);
            assertEquals(java.util.HexFormat.of().formatHex(AssociationGate.rejectPdu(2, 3, 2)), java.util.HexFormat.of().formatHex(reply),
                    "A-ASSOCIATE-RJ transient, local limit exceeded");
            second.close();
            assertTrue(holder.isConnected());
        }
    }

    @Test
    void onlyTls13And12AndSuitesThisJvmOffersAreAccepted() {
        IllegalArgumentException old = assertThrows(IllegalArgumentException.class, () -> TlsContext.create("thinslice.dicom.tls",
                new TlsContext.Material(null, "PKCS12", null, null, "PKCS12", null, List.of("TLSv1.2", "TLSv1.1"), TlsContext.DEFAULT_CIPHER_SUITES)));
        assertTrue(old.getMessage().startsWith("thinslice.dicom.tls.protocols"), old.getMessage());
        IllegalArgumentException suite = assertThrows(IllegalArgumentException.class, () -> TlsContext.create("thinslice.dicom.tls",
                new TlsContext.Material(null, "PKCS12", null, null, "PKCS12", null, TlsContext.DEFAULT_PROTOCOLS, List.of("TLS_NO_SUCH_SUITE"))));
        assertEquals("thinslice.dicom.tls.cipher-suites: not offered by this JVM: [TLS_NO_SUCH_SUITE]", suite.getMessage());
        IllegalArgumentException password = assertThrows(IllegalArgumentException.class, () -> TlsContext.create("thinslice.dicom.tls",
                new TlsContext.Material(scpKeys, "PKCS12", "wrong", null, "PKCS12", null, TlsContext.DEFAULT_PROTOCOLS,
                        TlsContext.DEFAULT_CIPHER_SUITES)));
        assertTrue(password.getMessage().startsWith("thinslice.dicom.tls.key-store: cannot load " + scpKeys), password.getMessage());
    }

    @Test
    void theRelayTellsItsOwnLoopbackConnectionFromAnotherProcesss() throws Exception {
        try (ServerSocket door = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            try (Socket ours = new Socket(door.getInetAddress(), door.getLocalPort()); Socket accepted = door.accept()) {
                assertTrue(TlsRelay.fromThisProcess(accepted, door.getLocalPort()), "a socket of this JVM");
            }
            // Another process connects (bash's /dev/tcp) and holds the connection while it is checked.
            Process other = new ProcessBuilder("bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/" + door.getLocalPort() + "; sleep 10").start();
            try (Socket accepted = door.accept()) {
                assertFalse(TlsRelay.fromThisProcess(accepted, door.getLocalPort()), "a socket of another process");
            } finally {
                other.destroyForcibly();
            }
        }
    }
}

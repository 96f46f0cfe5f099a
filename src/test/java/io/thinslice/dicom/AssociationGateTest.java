package io.thinslice.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AssociationGateTest {

    private ServerSocket server;
    private Socket client;
    private Socket accepted;

    @BeforeEach
    void connect() throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
        server.setSoTimeout(5000);
        client = new Socket(InetAddress.getByName("127.0.0.1"), server.getLocalPort());
        client.setSoTimeout(5000);
        accepted = server.accept();
        accepted.setSoTimeout(5000); // a gate that waits for bytes that never come fails instead of hanging
    }

    @AfterEach
    void close() throws IOException {
        client.close();
        accepted.close();
        server.close();
    }

    /** The 42 bytes PixelMed's gate looks at: type 01, length, protocol version 1, called and calling AE titles. */
    private static byte[] associateRqHeader(String called, String calling, int length) {
        byte[] h = new byte[AssociationGate.HEADER_LENGTH];
        h[0] = 0x01;
        h[2] = (byte) (length >>> 24);
        h[3] = (byte) (length >>> 16);
        h[4] = (byte) (length >>> 8);
        h[5] = (byte) length;
        h[7] = 0x01; // protocol version
        Arrays.fill(h, 10, 42, (byte) ' ');
        byte[] c = called.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(c, 0, h, 10, c.length);
        byte[] g = calling.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(g, 0, h, 26, g.length);
        return h;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] rest(int n) {
        byte[] r = new byte[n];
        for (int i = 0; i < n; i++) {
            r[i] = (byte) (0x10 + i); // application context item and beyond, as far as the gate is concerned
        }
        return r;
    }

    private void send(byte[] bytes, boolean endOfStream) throws IOException {
        OutputStream out = client.getOutputStream();
        out.write(bytes);
        out.flush();
        if (endOfStream) {
            client.shutdownOutput();
        }
    }

    @Test
    void allowedCallerIsAdmittedAndTheBytesAreReplayed() throws IOException {
        byte[] header = associateRqHeader("THINSLICE", "CT_SCANNER", 68 + 100);
        byte[] rest = rest(100);
        send(concat(header, rest), false);

        AssociationGate.Verdict v = new AssociationGate(Set.of("CT_SCANNER", "OTHER")).inspect(accepted);
        AssociationGate.Admit admit = assertInstanceOf(AssociationGate.Admit.class, v);
        assertEquals("CT_SCANNER", admit.callingAeTitle());

        InputStream in = admit.socket().getInputStream();
        assertArrayEquals(header, in.readNBytes(42), "the 42 bytes the gate consumed come first");
        assertArrayEquals(rest, in.readNBytes(rest.length), "then everything else the peer sent");
        send(new byte[] {0x05, 0x00}, false); // bytes that arrive later come through too
        assertArrayEquals(new byte[] {0x05, 0x00}, in.readNBytes(2));

        // the admitted socket writes to the peer and reports the real connection
        admit.socket().getOutputStream().write(new byte[] {0x02, 0x00});
        admit.socket().getOutputStream().flush();
        assertArrayEquals(new byte[] {0x02, 0x00}, client.getInputStream().readNBytes(2));
        assertEquals(client.getLocalPort(), admit.socket().getPort());
        assertEquals(server.getLocalPort(), admit.socket().getLocalPort());
        assertEquals(5000, admit.socket().getSoTimeout());
        assertTrue(admit.socket().isConnected());
        admit.socket().close();
        assertTrue(accepted.isClosed(), "closing the admitted socket closes the real one");
    }

    /**
     * A plain socket stays open when its input reaches end of stream (the peer half-closed with shutdownOutput), so
     * the node can still answer. The admitted socket must behave the same.
     */
    @Test
    void peerHalfCloseDoesNotCloseTheAdmittedSocket() throws IOException {
        byte[] all = concat(associateRqHeader("THINSLICE", "CT_SCANNER", 68 + 8), rest(8));
        send(all, true);
        AssociationGate.Admit admit = assertInstanceOf(AssociationGate.Admit.class, new AssociationGate(Set.of()).inspect(accepted));
        assertArrayEquals(all, admit.socket().getInputStream().readAllBytes());
        assertFalse(admit.socket().isClosed(), "reading to end of stream closed the socket");
        OutputStream out = admit.socket().getOutputStream();
        out.write(new byte[] {0x06, 0x00});
        out.flush();
        assertArrayEquals(new byte[] {0x06, 0x00}, client.getInputStream().readNBytes(2));
    }

    /** The baseline the test above holds the gate to: what a plain JDK socket does after the peer half-closes. */
    @Test
    void plainSocketStaysOpenAfterPeerHalfClose() throws IOException {
        send(rest(8), true);
        assertArrayEquals(rest(8), accepted.getInputStream().readAllBytes());
        assertFalse(accepted.isClosed());
        accepted.getOutputStream().write(new byte[] {0x06, 0x00});
        assertArrayEquals(new byte[] {0x06, 0x00}, client.getInputStream().readNBytes(2));
    }

    @Test
    void bytesSentInPiecesAreReplayedWhole() throws Exception {
        byte[] all = concat(associateRqHeader("THINSLICE", "CT1", 68), rest(30));
        Thread writer = new Thread(() -> {
            try {
                OutputStream out = client.getOutputStream();
                for (byte b : all) {
                    out.write(b);
                    out.flush();
                }
                client.shutdownOutput();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        writer.start();
        AssociationGate.Admit admit = assertInstanceOf(AssociationGate.Admit.class, new AssociationGate(Set.of("CT1")).inspect(accepted));
        assertArrayEquals(all, admit.socket().getInputStream().readAllBytes());
        writer.join(5000);
    }

    @Test
    void callerNotInTheAllowListIsRejected() throws IOException {
        send(concat(associateRqHeader("THINSLICE", "INTRUDER", 68 + 10), rest(10)), false);
        AssociationGate.Verdict v = new AssociationGate(Set.of("CT_SCANNER")).inspect(accepted);
        AssociationGate.Refuse refuse = assertInstanceOf(AssociationGate.Refuse.class, v);
        assertArrayEquals(new byte[] {0x03, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x01, 0x01, 0x03}, refuse.reply());
        assertTrue(refuse.reason().contains("INTRUDER"), refuse.reason());
    }

    @Test
    void allowListComparesTheWholeTrimmedTitle() throws IOException {
        send(associateRqHeader("THINSLICE", "CT_SCANNER2", 68), false);
        AssociationGate.Verdict v = new AssociationGate(Set.of("CT_SCANNER")).inspect(accepted);
        assertInstanceOf(AssociationGate.Refuse.class, v);
    }

    @Test
    void httpRequestIsAbortedAsAnUnrecognisedPdu() throws IOException {
        send("GET / HTTP/1.1\r\nHost: 127.0.0.1:11112\r\nUser-Agent: curl/8.5.0\r\nAccept: */*\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII), false);
        AssociationGate.Verdict v = new AssociationGate(Set.of()).inspect(accepted);
        AssociationGate.Refuse refuse = assertInstanceOf(AssociationGate.Refuse.class, v);
        // A-ABORT, source service provider (2), reason unrecognized PDU (1)
        assertArrayEquals(new byte[] {0x07, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x02, 0x01}, refuse.reply());
        assertTrue(refuse.reason().contains("0x47"), refuse.reason());
    }

    @Test
    void associateRqWithAnImplausibleLengthIsAborted() throws IOException {
        send(associateRqHeader("THINSLICE", "CT_SCANNER", 10), false); // shorter than the fixed fields
        AssociationGate.Refuse refuse = assertInstanceOf(AssociationGate.Refuse.class,
                new AssociationGate(Set.of()).inspect(accepted));
        assertEquals(0x07, refuse.reply()[0]);
    }

    @Test
    void connectionClosedBeforeAHeaderIsRefusedWithoutReply() throws IOException {
        send(new byte[] {0x01, 0x00, 0x00}, true);
        AssociationGate.Refuse refuse = assertInstanceOf(AssociationGate.Refuse.class,
                new AssociationGate(Set.of("CT_SCANNER")).inspect(accepted));
        assertEquals(0, refuse.reply().length);
        assertTrue(refuse.reason().contains("3 bytes"), refuse.reason());
    }

    @Test
    void emptyAllowListAdmitsAnyCaller() throws IOException {
        byte[] header = associateRqHeader("THINSLICE", "ANYONE AT ALL", 68 + 5);
        send(concat(header, rest(5)), true);
        AssociationGate.Admit admit = assertInstanceOf(AssociationGate.Admit.class, new AssociationGate(Set.of()).inspect(accepted));
        assertEquals("ANYONE AT ALL", admit.callingAeTitle());
        assertArrayEquals(concat(header, rest(5)), admit.socket().getInputStream().readAllBytes());
    }

    @Test
    void pduBuildersFollowPs38() {
        assertArrayEquals(new byte[] {0x03, 0, 0, 0, 0, 4, 0, 2, 3, 2}, AssociationGate.rejectPdu(2, 3, 2));
        assertArrayEquals(new byte[] {0x07, 0, 0, 0, 0, 4, 0, 0, 2, 1}, AssociationGate.abortPdu(2, 1));
        byte[] h = associateRqHeader("CALLED", "CALLING", 68);
        assertEquals("CALLED", AssociationGate.aeTitle(h, 10));
        assertEquals("CALLING", AssociationGate.aeTitle(h, 26));
    }
}

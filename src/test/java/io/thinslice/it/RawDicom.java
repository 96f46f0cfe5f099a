package io.thinslice.it;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Hand-made DICOM upper-layer bytes (PS3.8) and DIMSE commands (PS3.7) for tests that must send what no real
 * sender would: malformed PDUs, a sender that stops mid-PDU, fuzzed streams. Only what those tests need.
 */
final class RawDicom {

    static final String CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2";
    static final String VERIFICATION = "1.2.840.10008.1.1";
    static final String EXPLICIT_LE = "1.2.840.10008.1.2.1";
    static final int CT_CONTEXT = 1;
    static final int ECHO_CONTEXT = 3;

    private RawDicom() {
    }

    /** A PDU as read: its type and body. */
    record Pdu(int type, byte[] body) {
        @Override
        public String toString() {
            return "PDU type 0x%02x, %d bytes: %s".formatted(type, body.length,
                    Arrays.toString(Arrays.copyOf(body, Math.min(body.length, 16))));
        }
    }

    /** A-ASSOCIATE-RQ proposing CT Image Storage (context 1) and Verification (context 3), Explicit VR Little Endian. */
    static byte[] associateRq(String calledAe, String callingAe) {
        return associateRq(calledAe, callingAe, EXPLICIT_LE);
    }

    /** As {@link #associateRq(String, String)}, CT Image Storage proposed with {@code ctTransferSyntax} only. */
    static byte[] associateRq(String calledAe, String callingAe, String ctTransferSyntax) {
        ByteArrayOutputStream items = new ByteArrayOutputStream();
        item(items, 0x10, ascii("1.2.840.10008.3.1.1.1"));
        items.writeBytes(presentationContext(CT_CONTEXT, CT_IMAGE_STORAGE, ctTransferSyntax));
        items.writeBytes(presentationContext(ECHO_CONTEXT, VERIFICATION, EXPLICIT_LE));
        ByteArrayOutputStream user = new ByteArrayOutputStream();
        item(user, 0x51, new byte[] {0, 0, 0x40, 0}); // max PDU length 16384
        item(user, 0x52, ascii("1.2.3.4.5.6"));
        item(items, 0x50, user.toByteArray());
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(0);
        body.write(1); // protocol version
        body.write(0);
        body.write(0);
        body.writeBytes(aeTitle(calledAe));
        body.writeBytes(aeTitle(callingAe));
        body.writeBytes(new byte[32]);
        body.writeBytes(items.toByteArray());
        return pdu(0x01, body.toByteArray());
    }

    private static byte[] presentationContext(int id, String abstractSyntax, String transferSyntax) {
        ByteArrayOutputStream pc = new ByteArrayOutputStream();
        pc.write(id);
        pc.writeBytes(new byte[3]);
        item(pc, 0x30, ascii(abstractSyntax));
        item(pc, 0x40, ascii(transferSyntax));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        item(out, 0x20, pc.toByteArray());
        return out.toByteArray();
    }

    /** The result (PS3.8 9.3.3.2: 0 acceptance, 3 abstract syntax, 4 transfer syntaxes not supported) for the CT context. */
    static int contextResult(int port, String ctTransferSyntax) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(20_000);
            send(s, associateRq(Node.AE, "RAWSCU", ctTransferSyntax));
            Pdu ac = read(s.getInputStream());
            if (ac.type() != 0x02) {
                throw new AssertionError("expected A-ASSOCIATE-AC, got " + ac);
            }
            send(s, releaseRq());
            byte[] b = ac.body();
            for (int p = 68; p + 4 <= b.length; ) {
                int type = b[p] & 0xff;
                int length = (b[p + 2] & 0xff) << 8 | (b[p + 3] & 0xff);
                if (type == 0x21 && (b[p + 4] & 0xff) == CT_CONTEXT) {
                    return b[p + 6] & 0xff;
                }
                p += 4 + length;
            }
            throw new AssertionError("no presentation context item for the CT context in " + ac);
        }
    }

    static byte[] releaseRq() {
        return pdu(0x05, new byte[4]);
    }

    /** A P-DATA-TF with one PDV. */
    static byte[] pData(int contextId, boolean command, boolean last, byte[] fragment) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(u32be(fragment.length + 2));
        body.write(contextId);
        body.write((command ? 1 : 0) | (last ? 2 : 0));
        body.writeBytes(fragment);
        return pdu(0x04, body.toByteArray());
    }

    /** C-ECHO-RQ command in one P-DATA-TF. */
    static byte[] echoRq(int messageId) {
        ByteArrayOutputStream c = new ByteArrayOutputStream();
        uidElement(c, 0x0002, VERIFICATION);
        usElement(c, 0x0100, 0x0030);
        usElement(c, 0x0110, messageId);
        usElement(c, 0x0800, 0x0101);
        return pData(ECHO_CONTEXT, true, true, withGroupLength(c.toByteArray()));
    }

    /** C-STORE-RQ command and the data set (Explicit VR Little Endian) in P-DATA-TF PDUs of at most 16 KiB. */
    static byte[] storeRq(int messageId, String sopInstanceUid, byte[] dataSet) {
        ByteArrayOutputStream c = new ByteArrayOutputStream();
        uidElement(c, 0x0002, CT_IMAGE_STORAGE);
        usElement(c, 0x0100, 0x0001);
        usElement(c, 0x0110, messageId);
        usElement(c, 0x0700, 0);
        usElement(c, 0x0800, 0x0000);
        uidElement(c, 0x1000, sopInstanceUid);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(pData(CT_CONTEXT, true, true, withGroupLength(c.toByteArray())));
        int chunk = 16000;
        for (int off = 0; off < dataSet.length || off == 0; off += chunk) {
            int end = Math.min(dataSet.length, off + chunk);
            out.writeBytes(pData(CT_CONTEXT, false, end == dataSet.length, Arrays.copyOfRange(dataSet, off, end)));
            if (dataSet.length == 0) {
                break;
            }
        }
        return out.toByteArray();
    }

    /** The data set of a Part 10 file: everything after the File Meta Information group. */
    static byte[] dataSet(Path part10) throws IOException {
        byte[] f = Files.readAllBytes(part10);
        // (0002,0000) UL is the first meta element: tag 4, VR 2, length 2, value 4 at offset 132.
        long metaLength = (f[140] & 0xffL) | (f[141] & 0xffL) << 8 | (f[142] & 0xffL) << 16 | (f[143] & 0xffL) << 24;
        return Arrays.copyOfRange(f, (int) (144 + metaLength), f.length);
    }

    /** The Status (0000,0900) of a DIMSE response command carried in a P-DATA-TF body, or -1. */
    static int status(Pdu pdu) {
        if (pdu.type() != 0x04 || pdu.body().length < 6) {
            return -1;
        }
        byte[] b = pdu.body();
        int q = 6;
        while (q + 8 <= b.length) {
            int group = u16le(b, q);
            int element = u16le(b, q + 2);
            int length = (int) u32le(b, q + 4);
            if (group != 0) {
                break;
            }
            if (element == 0x0900 && length == 2) {
                return u16le(b, q + 8);
            }
            q += 8 + length;
        }
        return -1;
    }

    /** Reads one PDU; throws {@link EOFException} when the peer closes first. */
    static Pdu read(InputStream in) throws IOException {
        byte[] header = in.readNBytes(6);
        if (header.length < 6) {
            throw new EOFException("connection closed after " + header.length + " bytes of a PDU header");
        }
        int length = (int) ((header[2] & 0xffL) << 24 | (header[3] & 0xffL) << 16 | (header[4] & 0xffL) << 8 | (header[5] & 0xffL));
        byte[] body = in.readNBytes(length);
        if (body.length < length) {
            throw new EOFException("connection closed inside a PDU");
        }
        return new Pdu(header[0] & 0xff, body);
    }

    /** Reads until the peer closes; returns whatever it sent. Throws {@link SocketTimeoutException} if it never does. */
    static byte[] readToEnd(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                all.write(buf, 0, n);
            }
        } catch (java.net.SocketException e) {
            // reset by the node after an abort: it has closed
        }
        return all.toByteArray();
    }

    /** Opens a connection and completes association; fails unless the node answers A-ASSOCIATE-AC. */
    static Socket associate(int port, String callingAe) throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(20_000);
        s.getOutputStream().write(associateRq(Node.AE, callingAe));
        Pdu ac = read(s.getInputStream());
        if (ac.type() != 0x02) {
            s.close();
            throw new AssertionError("expected A-ASSOCIATE-AC, got " + ac);
        }
        return s;
    }

    static void send(Socket s, byte[] bytes) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(bytes);
        out.flush();
    }

    static byte[] pdu(int type, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(type);
        out.write(0);
        out.writeBytes(u32be(body.length));
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static void item(ByteArrayOutputStream out, int type, byte[] value) {
        out.write(type);
        out.write(0);
        out.write(value.length >> 8);
        out.write(value.length);
        out.writeBytes(value);
    }

    private static byte[] withGroupLength(byte[] elements) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0, 0, 0, 0, 4, 0, 0, 0});
        out.writeBytes(u32le(elements.length));
        out.writeBytes(elements);
        return out.toByteArray();
    }

    private static void uidElement(ByteArrayOutputStream out, int element, String uid) {
        byte[] v = ascii(uid.length() % 2 == 0 ? uid : uid + "\0");
        out.writeBytes(new byte[] {0, 0, (byte) element, (byte) (element >> 8)});
        out.writeBytes(u32le(v.length));
        out.writeBytes(v);
    }

    private static void usElement(ByteArrayOutputStream out, int element, int value) {
        out.writeBytes(new byte[] {0, 0, (byte) element, (byte) (element >> 8), 2, 0, 0, 0, (byte) value, (byte) (value >> 8)});
    }

    private static byte[] aeTitle(String ae) {
        byte[] b = new byte[16];
        Arrays.fill(b, (byte) ' ');
        byte[] a = ascii(ae);
        System.arraycopy(a, 0, b, 0, a.length);
        return b;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] u32be(long v) {
        return new byte[] {(byte) (v >> 24), (byte) (v >> 16), (byte) (v >> 8), (byte) v};
    }

    private static byte[] u32le(long v) {
        return new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)};
    }

    private static int u16le(byte[] b, int i) {
        return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8;
    }

    private static long u32le(byte[] b, int i) {
        return (b[i] & 0xffL) | (b[i + 1] & 0xffL) << 8 | (b[i + 2] & 0xffL) << 16 | (b[i + 3] & 0xffL) << 24;
    }
}

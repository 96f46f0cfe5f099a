package io.thinslice.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class PduLengthLimitTest {

    private static byte[] pdu(int type, int length) {
        byte[] b = new byte[6 + length];
        b[0] = (byte) type;
        b[2] = (byte) (length >> 24);
        b[3] = (byte) (length >> 16);
        b[4] = (byte) (length >> 8);
        b[5] = (byte) length;
        for (int i = 0; i < length; i++) {
            b[6 + i] = (byte) (i * 7);
        }
        return b;
    }

    @Test
    void pdusWithinTheLimitPassUnchanged() throws IOException {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.writeBytes(pdu(0x01, 100));
        stream.writeBytes(pdu(0x04, 0));
        stream.writeBytes(pdu(0x04, 1000));
        stream.writeBytes(pdu(0x05, 4));
        ByteArrayOutputStream aborts = new ByteArrayOutputStream();
        PduLengthLimit in = new PduLengthLimit(new ByteArrayInputStream(stream.toByteArray()), 1000, aborts);
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        byte[] buf = new byte[333];
        for (int n; (n = in.read(buf, 0, buf.length)) >= 0; ) {
            read.write(buf, 0, n);
        }
        assertArrayEquals(stream.toByteArray(), read.toByteArray());
        assertEquals(0, aborts.size(), "no abort");
    }

    @Test
    void anOverLongPduIsAbortedBeforeItsBodyIsRead() throws IOException {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.writeBytes(pdu(0x04, 10));
        stream.writeBytes(new byte[] {0x04, 0, 0x40, 0, 0, 0, 1, 2, 3}); // announces 1 GiB
        ByteArrayOutputStream aborts = new ByteArrayOutputStream();
        PduLengthLimit in = new PduLengthLimit(new ByteArrayInputStream(stream.toByteArray()), 1 << 20, aborts);
        assertEquals(16, in.readNBytes(16).length, "the first PDU whole");
        IOException e = assertThrows(IOException.class, () -> in.readNBytes(6), "thrown once the header is complete");
        assertTrue(e.getMessage().contains("announces 1073741824 bytes"), e.getMessage());
        assertArrayEquals(new byte[] {0x07, 0, 0, 0, 0, 4, 0, 0, 2, 6}, aborts.toByteArray(), "A-ABORT: provider, invalid PDU parameter value");
    }
}

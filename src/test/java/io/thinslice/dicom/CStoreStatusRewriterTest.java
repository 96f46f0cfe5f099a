package io.thinslice.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.TransferSyntax;
import com.pixelmed.network.CStoreResponseCommandMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The C-STORE-RSP status is replaced only when armed, only in the next C-STORE-RSP, however the PDUs are chunked. */
class CStoreStatusRewriterTest {

    private static final byte[] RELEASE_RP = {0x06, 0, 0, 0, 0, 4, 0, 0, 0, 0};

    @Test
    void armedStatusGoesIntoTheNextCStoreResponseOnly() throws Exception {
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        CStoreStatusRewriter out = new CStoreStatusRewriter(sent);
        out.write(pdu(1));
        out.refuseNext(0xA700);
        byte[] second = pdu(2);
        // Written byte ranges that split the header and the body, as a buffered stream may.
        out.write(second, 0, 3);
        out.write(second, 3, 10);
        out.write(second, 13, second.length - 13);
        out.write(pdu(3));
        out.write(RELEASE_RP);
        byte[] all = sent.toByteArray();
        byte[] first = pdu(1);
        assertEquals(first.length * 3 + RELEASE_RP.length, all.length);
        assertEquals(0x0000, status(Arrays.copyOfRange(all, 0, first.length)));
        assertEquals(0xA700, status(Arrays.copyOfRange(all, first.length, 2 * first.length)));
        assertEquals(0x0000, status(Arrays.copyOfRange(all, 2 * first.length, 3 * first.length)));
        assertArrayEquals(RELEASE_RP, Arrays.copyOfRange(all, 3 * first.length, all.length));
    }

    @Test
    void otherPdusPassUnchangedWhileArmed() throws Exception {
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        CStoreStatusRewriter out = new CStoreStatusRewriter(sent);
        out.refuseNext(0xA700);
        out.write(RELEASE_RP);
        assertArrayEquals(RELEASE_RP, sent.toByteArray());
    }

    @Test
    void aStopLetsTheResponseInFlightOutWholeThenAborts() throws Exception {
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        CStoreStatusRewriter out = new CStoreStatusRewriter(sent);
        byte[] response = pdu(1);
        out.write(response, 0, 8);
        out.abortAfterNextResponse(); // the stop comes while PixelMed writes the response
        assertThrows(CStoreStatusRewriter.AssociationAbortedException.class, () -> out.write(response, 8, response.length - 8));
        byte[] all = sent.toByteArray();
        assertArrayEquals(response, Arrays.copyOfRange(all, 0, response.length), "the response goes out whole");
        assertArrayEquals(CStoreStatusRewriter.A_ABORT, Arrays.copyOfRange(all, response.length, all.length), "then an A-ABORT");
        assertTrue(out.aborted());
        assertThrows(java.io.IOException.class, () -> out.write(pdu(2)), "nothing more goes out");
        assertEquals(all.length, sent.size());
    }

    @Test
    void anAbortFromAnotherThreadIsNeverWrittenInsideAPdu() throws Exception {
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        CStoreStatusRewriter out = new CStoreStatusRewriter(sent);
        byte[] response = pdu(1);
        out.write(response, 0, 8);
        assertFalse(out.abortNow(), "half a PDU is out: no A-ABORT inside it");
        assertArrayEquals(Arrays.copyOfRange(response, 0, 8), sent.toByteArray());

        ByteArrayOutputStream idle = new ByteArrayOutputStream();
        CStoreStatusRewriter between = new CStoreStatusRewriter(idle);
        between.write(response);
        assertTrue(between.abortNow(), "between PDUs");
        assertArrayEquals(CStoreStatusRewriter.A_ABORT, Arrays.copyOfRange(idle.toByteArray(), response.length, idle.size()));
    }

    /** A P-DATA-TF with PixelMed's own C-STORE-RSP (status Success) as its only, last, command PDV. */
    private static byte[] pdu(int messageId) throws Exception {
        byte[] command = new CStoreResponseCommandMessage("1.2.840.10008.5.1.4.1.1.2", "1.2.3." + messageId, messageId, 0).getBytes();
        int item = command.length + 2;
        int length = item + 4;
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(new byte[] {0x04, 0, (byte) (length >> 24), (byte) (length >> 16), (byte) (length >> 8), (byte) length});
        b.write(new byte[] {(byte) (item >> 24), (byte) (item >> 16), (byte) (item >> 8), (byte) item, 1, 0x03});
        b.write(command);
        return b.toByteArray();
    }

    private static int status(byte[] pdu) throws Exception {
        AttributeList list = new AttributeList();
        list.read(new DicomInputStream(new ByteArrayInputStream(Arrays.copyOfRange(pdu, 12, pdu.length)), TransferSyntax.ImplicitVRLittleEndian, false));
        return new CStoreResponseCommandMessage(list).getStatus();
    }
}

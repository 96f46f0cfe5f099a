package io.thinslice.dicom;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Follows the PDU framing of an association's incoming bytes (PS3.8 9.3: type, reserved byte, 4-byte length) and stops
 * a PDU whose length field exceeds a bound before anyone reads its body. PixelMed allocates the whole declared length
 * of every PDU at once, so without this ten bytes announcing a 1 GiB P-DATA-TF cost the node an OutOfMemoryError.
 * An over-long PDU is answered with A-ABORT (source service provider, reason invalid PDU parameter value) and reading
 * fails, which ends the association.
 */
final class PduLengthLimit extends InputStream {

    private final InputStream in;
    private final long maxLength;
    private final OutputStream abortTo;
    private final byte[] header = new byte[6];
    private int headerRead;
    private long remaining;

    /** @param abortTo where the A-ABORT goes (the socket's output) */
    PduLengthLimit(InputStream in, long maxLength, OutputStream abortTo) {
        this.in = in;
        this.maxLength = maxLength;
        this.abortTo = abortTo;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        // Never hand out bytes past the end of the current header or body: each header is checked before its body.
        int want = headerRead < header.length ? Math.min(len, header.length - headerRead) : (int) Math.min(len, remaining);
        int n = in.read(b, off, want);
        if (n <= 0) {
            return n;
        }
        if (headerRead < header.length) {
            System.arraycopy(b, off, header, headerRead, n);
            headerRead += n;
            if (headerRead == header.length) {
                remaining = (header[2] & 0xffL) << 24 | (header[3] & 0xffL) << 16 | (header[4] & 0xffL) << 8 | (header[5] & 0xffL);
                if (remaining > maxLength) {
                    abort();
                    throw new IOException("PDU type 0x%02x announces %d bytes, more than the %d accepted; association aborted"
                            .formatted(header[0] & 0xff, remaining, maxLength));
                }
                if (remaining == 0) {
                    headerRead = 0;
                }
            }
        } else {
            remaining -= n;
            if (remaining == 0) {
                headerRead = 0;
            }
        }
        return n;
    }

    private void abort() {
        try {
            abortTo.write(AssociationGate.abortPdu(2, 6));
            abortTo.flush();
        } catch (IOException e) {
            // the peer is gone; reading fails anyway
        }
    }

    @Override
    public int available() throws IOException {
        int a = in.available();
        return headerRead < header.length ? Math.min(a, header.length - headerRead) : (int) Math.min(a, remaining);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}

package io.thinslice.dicom;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Looks at the start of a new connection before PixelMed sees it: PixelMed checks the called AE title but
 * never the calling one, and it has no clean answer for bytes that are not DICOM at all.
 *
 * <p>The A-ASSOCIATE-RQ PDU (PS3.8 9.3.2) starts with type 0x01, a reserved byte, a 4-byte length, the
 * protocol version, two reserved bytes, the called AE title (bytes 10-25) and the calling AE title (26-41).
 */
final class AssociationGate {

    static final int HEADER_LENGTH = 42;
    private static final int A_ASSOCIATE_RQ = 0x01;
    /** Sanity bound on the PDU length field; PixelMed itself accepts any length. */
    private static final long MAX_ASSOCIATE_RQ_LENGTH = 1L << 20;
    /**
     * Longest PDU taken after the A-ASSOCIATE-RQ. Peers must keep P-DATA-TF within the 16 KiB we announce; this leaves
     * room for peers that do not, while keeping what PixelMed allocates per PDU small.
     */
    static final long MAX_PDU_LENGTH = 1L << 20;

    /** The verdict on a new connection. */
    sealed interface Verdict permits Admit, Refuse {
    }

    /**
     * Let PixelMed run the association on a socket that replays the bytes already read; {@code responses} is that
     * socket's output, through which a C-STORE-RSP can be given a refusal status.
     */
    record Admit(Socket socket, String callingAeTitle, CStoreStatusRewriter responses) implements Verdict {
    }

    /** Answer with {@code reply} (may be empty) and close; {@code callingAeTitle} is null when the request had none. */
    record Refuse(byte[] reply, String reason, String callingAeTitle) implements Verdict {
        Refuse(byte[] reply, String reason) {
            this(reply, reason, null);
        }
    }

    private final Set<String> allowedCallers;

    AssociationGate(Set<String> allowedCallers) {
        this.allowedCallers = Set.copyOf(allowedCallers);
    }

    Verdict inspect(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] header = in.readNBytes(HEADER_LENGTH);
        if (header.length < HEADER_LENGTH) {
            return new Refuse(new byte[0], "connection closed after " + header.length + " bytes, before an A-ASSOCIATE-RQ");
        }
        long length = ((header[2] & 0xffL) << 24) | ((header[3] & 0xffL) << 16) | ((header[4] & 0xffL) << 8) | (header[5] & 0xffL);
        if ((header[0] & 0xff) != A_ASSOCIATE_RQ || length < HEADER_LENGTH - 6 || length > MAX_ASSOCIATE_RQ_LENGTH) {
            // PS3.8 9.3.8: an unrecognised PDU in state Sta2 is answered with A-ABORT (source: service provider,
            // reason: unrecognized PDU).
            return new Refuse(abortPdu(2, 1), "not a DICOM A-ASSOCIATE-RQ (first byte 0x%02x)".formatted(header[0] & 0xff));
        }
        String calling = aeTitle(header, 26);
        if (!allowedCallers.isEmpty() && !allowedCallers.contains(calling)) {
            // A-ASSOCIATE-RJ: result rejected-permanent (1), source service-user (1), reason calling AE title not recognized (3).
            return new Refuse(rejectPdu(1, 1, 3), "calling AE title '" + calling + "' is not in thinslice.dicom.allowed-callers", calling);
        }
        ReplayingSocket replaying = new ReplayingSocket(socket, header);
        return new Admit(replaying, calling, replaying.output);
    }

    static String aeTitle(byte[] pdu, int offset) {
        return new String(pdu, offset, 16, StandardCharsets.US_ASCII).trim();
    }

    static byte[] rejectPdu(int result, int source, int reason) {
        return new byte[] {0x03, 0, 0, 0, 0, 4, 0, (byte) result, (byte) source, (byte) reason};
    }

    static byte[] abortPdu(int source, int reason) {
        return new byte[] {0x07, 0, 0, 0, 0, 4, 0, 0, (byte) source, (byte) reason};
    }

    /** A socket whose input starts with bytes already consumed by the gate. Everything else is delegated. */
    private static final class ReplayingSocket extends Socket {
        private final Socket delegate;
        private final InputStream input;
        private final CStoreStatusRewriter output;

        ReplayingSocket(Socket delegate, byte[] consumed) throws IOException {
            this.delegate = delegate;
            this.output = new CStoreStatusRewriter(delegate.getOutputStream());
            // Not SequenceInputStream: it closes each stream at its end, and closing a socket's stream closes the socket.
            this.input = new PduLengthLimit(new ReplayInputStream(consumed, delegate.getInputStream()), MAX_PDU_LENGTH,
                    delegate.getOutputStream());
        }

        @Override
        public InputStream getInputStream() {
            return input;
        }

        @Override
        public OutputStream getOutputStream() {
            return output;
        }

        @Override
        public synchronized void close() throws IOException {
            delegate.close();
        }

        @Override
        public boolean isClosed() {
            return delegate.isClosed();
        }

        @Override
        public boolean isConnected() {
            return delegate.isConnected();
        }

        @Override
        public synchronized void setSoTimeout(int timeout) throws java.net.SocketException {
            delegate.setSoTimeout(timeout);
        }

        @Override
        public synchronized int getSoTimeout() throws java.net.SocketException {
            return delegate.getSoTimeout();
        }

        @Override
        public void setTcpNoDelay(boolean on) throws java.net.SocketException {
            delegate.setTcpNoDelay(on);
        }

        @Override
        public boolean getTcpNoDelay() throws java.net.SocketException {
            return delegate.getTcpNoDelay();
        }

        @Override
        public synchronized void setReceiveBufferSize(int size) throws java.net.SocketException {
            delegate.setReceiveBufferSize(size);
        }

        @Override
        public synchronized int getReceiveBufferSize() throws java.net.SocketException {
            return delegate.getReceiveBufferSize();
        }

        @Override
        public synchronized void setSendBufferSize(int size) throws java.net.SocketException {
            delegate.setSendBufferSize(size);
        }

        @Override
        public synchronized int getSendBufferSize() throws java.net.SocketException {
            return delegate.getSendBufferSize();
        }

        @Override
        public void setSoLinger(boolean on, int linger) throws java.net.SocketException {
            delegate.setSoLinger(on, linger);
        }

        @Override
        public java.net.InetAddress getInetAddress() {
            return delegate.getInetAddress();
        }

        @Override
        public java.net.InetAddress getLocalAddress() {
            return delegate.getLocalAddress();
        }

        @Override
        public int getPort() {
            return delegate.getPort();
        }

        @Override
        public int getLocalPort() {
            return delegate.getLocalPort();
        }

        @Override
        public java.net.SocketAddress getRemoteSocketAddress() {
            return delegate.getRemoteSocketAddress();
        }

        @Override
        public java.net.SocketAddress getLocalSocketAddress() {
            return delegate.getLocalSocketAddress();
        }

        @Override
        public void shutdownInput() throws IOException {
            delegate.shutdownInput();
        }

        @Override
        public void shutdownOutput() throws IOException {
            delegate.shutdownOutput();
        }

        @Override
        public boolean isInputShutdown() {
            return delegate.isInputShutdown();
        }

        @Override
        public boolean isOutputShutdown() {
            return delegate.isOutputShutdown();
        }

        @Override
        public String toString() {
            return delegate.toString();
        }
    }

    /** The bytes already consumed, then the socket's own stream; never closes the socket at end of stream. */
    private static final class ReplayInputStream extends InputStream {
        private final ByteArrayInputStream head;
        private final InputStream rest;

        ReplayInputStream(byte[] consumed, InputStream rest) {
            this.head = new ByteArrayInputStream(consumed);
            this.rest = rest;
        }

        @Override
        public int read() throws IOException {
            int b = head.read();
            return b >= 0 ? b : rest.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            int n = head.read(buffer, offset, length);
            return n > 0 ? n : rest.read(buffer, offset, length);
        }

        @Override
        public int available() throws IOException {
            return head.available() > 0 ? head.available() : rest.available();
        }

        @Override
        public void close() throws IOException {
            rest.close();
        }
    }
}

package io.thinslice.dicom;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The association's outgoing PDU stream, able to give the next C-STORE-RSP another status, and to end the
 * association with an A-ABORT between PDUs. PixelMed's storage SCP always answers Success once its handler returns (a
 * handler can only throw, which aborts the association), so a refusal the sender should understand, such as 0xA700
 * "out of resources", is written here: {@link #refuseNext} arms it, and the next P-DATA-TF whose command is a
 * C-STORE-RSP goes out with that status. PixelMed has no way to end an association from the acceptor's side either;
 * {@link #abortAfterNextResponse} (a stopping node: the instance in flight gets its response, then the association
 * ends) and {@link #abortNow} write the A-ABORT here, never inside another PDU. Everything else passes through
 * unchanged. The association's thread writes; {@link #abortNow} may come from another thread.
 */
final class CStoreStatusRewriter extends FilterOutputStream {

    private static final int P_DATA_TF = 0x04;
    private static final int C_STORE_RSP = 0x8001;
    /** PS3.8 9.3.8 A-ABORT, source DICOM UL service-user (0), reason not significant. */
    static final byte[] A_ABORT = {0x07, 0, 0, 0, 0, 4, 0, 0, 0, 0};

    private static final long ABORT_LOCK_MILLIS = 200;

    private final ReentrantLock lock = new ReentrantLock();
    private int armed = -1;
    /** Set by a stopping node: after the next complete P-DATA-TF (a response) the association is aborted. */
    private volatile boolean abortAfterResponse;
    /** An A-ABORT has been sent (or the stream given up): nothing more goes out. */
    private boolean aborted;
    /** Bytes of the current PDU's header read so far (6 in all); then {@code remaining} body bytes follow. */
    private final byte[] header = new byte[6];
    private int headerRead;
    private long remaining;
    /** The current P-DATA-TF, held back while a status is armed, until it is complete. */
    private ByteArrayOutputStream held;
    /** Whether the current PDU is held back (a status was armed when it started). */
    private boolean holding;

    CStoreStatusRewriter(OutputStream out) {
        super(out);
    }

    /** The next C-STORE-RSP this association sends carries {@code status} instead of PixelMed's. */
    void refuseNext(int status) {
        armed = status;
    }

    /**
     * The next response (P-DATA-TF) this association sends is followed by an A-ABORT, and the write that completes it
     * then fails with {@link AssociationAbortedException}, so PixelMed stops reading further requests.
     */
    void abortAfterNextResponse() {
        abortAfterResponse = true;
    }

    /**
     * Sends an A-ABORT now if no PDU is half written (true), and lets nothing more out. Called from another thread when
     * a stopping node's grace period is over.
     */
    boolean abortNow() {
        try {
            // A writer blocked on a peer that reads nothing holds the lock; then the caller just closes the socket.
            if (!lock.tryLock(ABORT_LOCK_MILLIS, TimeUnit.MILLISECONDS)) {
                return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        try {
            if (aborted) {
                return false;
            }
            aborted = true;
            if (headerRead != 0) {
                return false; // inside a PDU: the peer sees the connection close instead
            }
            out.write(A_ABORT);
            out.flush();
            return true;
        } catch (IOException e) {
            return false;
        } finally {
            lock.unlock();
        }
    }

    boolean aborted() {
        lock.lock();
        try {
            return aborted;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void flush() throws IOException {
        lock.lock();
        try {
            if (!aborted) {
                out.flush();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        lock.lock();
        try {
            writeLocked(b, off, len);
        } finally {
            lock.unlock();
        }
    }

    private void writeLocked(byte[] b, int off, int len) throws IOException {
        if (aborted) {
            throw new AssociationAbortedException();
        }
        while (len > 0) {
            if (headerRead == 0) {
                // A PDU starts: held back only while a status is armed; otherwise bytes go out as they come.
                holding = armed >= 0;
            }
            if (headerRead < header.length) {
                int n = Math.min(len, header.length - headerRead);
                System.arraycopy(b, off, header, headerRead, n);
                if (!holding) {
                    out.write(b, off, n);
                }
                headerRead += n;
                off += n;
                len -= n;
                if (headerRead == header.length) {
                    remaining = ((header[2] & 0xffL) << 24) | ((header[3] & 0xffL) << 16) | ((header[4] & 0xffL) << 8) | (header[5] & 0xffL);
                    if (holding && (header[0] & 0xff) != P_DATA_TF) {
                        out.write(header); // not a response: nothing to change
                        holding = false;
                    }
                    held = holding ? new ByteArrayOutputStream() : null;
                    endIfComplete();
                }
                continue;
            }
            int n = (int) Math.min(len, remaining);
            if (held != null) {
                held.write(b, off, n);
            } else {
                out.write(b, off, n);
            }
            remaining -= n;
            off += n;
            len -= n;
            endIfComplete();
        }
    }

    private void endIfComplete() throws IOException {
        if (remaining > 0) {
            return;
        }
        if (held != null) {
            byte[] body = held.toByteArray();
            held = null;
            if (rewrite(body, armed)) {
                armed = -1;
            }
            out.write(header);
            out.write(body);
        }
        holding = false;
        headerRead = 0;
        if (abortAfterResponse && (header[0] & 0xff) == P_DATA_TF) {
            aborted = true;
            out.write(A_ABORT);
            out.flush();
            throw new AssociationAbortedException();
        }
    }

    /** The association was aborted by this side (the node is stopping); PixelMed must not go on with it. */
    static final class AssociationAbortedException extends IOException {
        AssociationAbortedException() {
            super("association aborted: the node is stopping");
        }
    }

    /**
     * Sets the Status (0000,0900) of a C-STORE-RSP command carried whole in one PDV of {@code body} (a P-DATA-TF body:
     * items of 4-byte length, context id, message control header, fragment). Commands are implicit VR little endian
     * (PS3.7 6.3.1), so the value is two bytes in place and no length changes. False when the body holds no such command.
     */
    static boolean rewrite(byte[] body, int status) {
        int p = 0;
        while (p + 6 <= body.length) {
            int itemLength = (int) u32be(body, p);
            int mch = body[p + 5] & 0xff;
            int start = p + 6;
            int end = p + 4 + itemLength;
            if (itemLength < 2 || end > body.length) {
                return false;
            }
            if ((mch & 0x03) == 0x03) { // a command, last (here: only) fragment
                int statusAt = -1;
                int command = -1;
                int q = start;
                while (q + 8 <= end) {
                    int group = u16le(body, q);
                    int element = u16le(body, q + 2);
                    long length = u32le(body, q + 4);
                    int value = q + 8;
                    if (group != 0 || value + length > end) {
                        break;
                    }
                    if (element == 0x0100 && length == 2) {
                        command = u16le(body, value);
                    } else if (element == 0x0900 && length == 2) {
                        statusAt = value;
                    }
                    q = (int) (value + length);
                }
                if (command == C_STORE_RSP && statusAt >= 0) {
                    body[statusAt] = (byte) status;
                    body[statusAt + 1] = (byte) (status >> 8);
                    return true;
                }
            }
            p = end;
        }
        return false;
    }

    private static int u16le(byte[] b, int i) {
        return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8;
    }

    private static long u32le(byte[] b, int i) {
        return (b[i] & 0xffL) | (b[i + 1] & 0xffL) << 8 | (b[i + 2] & 0xffL) << 16 | (b[i + 3] & 0xffL) << 24;
    }

    private static long u32be(byte[] b, int i) {
        return (b[i] & 0xffL) << 24 | (b[i + 1] & 0xffL) << 16 | (b[i + 2] & 0xffL) << 8 | (b[i + 3] & 0xffL);
    }
}

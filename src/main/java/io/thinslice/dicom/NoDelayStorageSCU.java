package io.thinslice.dicom;

import com.pixelmed.dicom.SetOfDicomFiles;
import com.pixelmed.network.AReleaseException;
import com.pixelmed.network.Association;
import com.pixelmed.network.DicomNetworkException;
import com.pixelmed.network.MultipleInstanceTransferStatusHandler;
import com.pixelmed.network.StorageSOPClassSCU;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.net.Socket;
import java.util.logging.Logger;

/**
 * PixelMed's C-STORE SCU (one association for the whole set, as before), with Nagle's algorithm off on the
 * association's socket and each PDU written to it in one piece.
 *
 * <p>Why TCP_NODELAY: PixelMed opens the socket with {@code new Socket(host, port)} and never sets it. Each C-STORE
 * ends with a small write while earlier data is still unacknowledged; Nagle holds it back until the receiver's delayed
 * ACK (~40 ms), and the sender waits for the C-STORE response before the next instance. That capped exports at ~20
 * instances/s whatever the size (issue 10).
 *
 * <p>Why the buffer: PixelMed writes every P-DATA header byte by byte (12 one-byte writes per PDU) straight to the
 * socket. With Nagle off each of those becomes a system call and a TCP segment of its own; buffered, a PDU leaves in one
 * write. PixelMed flushes after every PDU it sends (P-DATA, release, abort), so nothing waits in the buffer.
 *
 * <p>PixelMed offers no socket factory, so both are applied to its protected {@code Association.socket} and
 * {@code Association.out} once the association is accepted, before the first C-STORE.
 */
final class NoDelayStorageSCU extends StorageSOPClassSCU {

    private static final Logger LOG = Logger.getLogger(NoDelayStorageSCU.class.getName());
    /** Holds a whole P-DATA PDU of the sizes SCPs accept (16 KiB for dcmtk and PixelMed; larger ones go out in 64 KiB writes). */
    static final int OUTPUT_BUFFER = 1 << 16;
    private static final Field SOCKET = field("socket");
    private static final Field OUT = field("out");

    /** As {@code StorageSOPClassSCU(host, port, called, calling, files, 0, handler)}: sends, releases, traps network errors. */
    NoDelayStorageSCU(StoreDestination destination, String callingAeTitle, SetOfDicomFiles files,
                      MultipleInstanceTransferStatusHandler handler) {
        super(destination.host(), destination.port(), destination.aeTitle(), callingAeTitle, files, 0, handler);
    }

    /** Called by the superclass constructor on the new association, so it may only use static state. */
    @Override
    protected void sendMultipleSOPInstances(Association association, SetOfDicomFiles files, MultipleInstanceTransferStatusHandler handler,
                                            String moveOriginatorApplicationEntityTitle, int moveOriginatorMessageID)
            throws AReleaseException, DicomNetworkException, IOException {
        tune(association);
        super.sendMultipleSOPInstances(association, files, handler, moveOriginatorApplicationEntityTitle, moveOriginatorMessageID);
    }

    /**
     * Turns TCP_NODELAY on for the association's socket and buffers its output. Where PixelMed's fields cannot be
     * reached (logged once at class load) it leaves them as they are: slow, not wrong.
     */
    static void tune(Association association) throws IOException {
        Socket socket = socketOf(association);
        OutputStream out = (OutputStream) get(OUT, association);
        if (socket == null || out == null) {
            return;
        }
        socket.setTcpNoDelay(true);
        if (!(out instanceof BufferedOutputStream)) {
            try {
                OUT.set(association, new BufferedOutputStream(out, OUTPUT_BUFFER));
            } catch (IllegalAccessException e) {
                // cannot happen once setAccessible succeeded; unbuffered still works
            }
        }
    }

    /** The association's transport connection, or null when PixelMed's field could not be reached. */
    static Socket socketOf(Association association) {
        return (Socket) get(SOCKET, association);
    }

    /** What the association writes to, or null when PixelMed's field could not be reached. */
    static OutputStream outputOf(Association association) {
        return (OutputStream) get(OUT, association);
    }

    private static Object get(Field f, Association association) {
        if (f == null) {
            return null;
        }
        try {
            return f.get(association);
        } catch (IllegalAccessException e) {
            return null;
        }
    }

    private static Field field(String name) {
        try {
            Field f = Association.class.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warning("cannot reach PixelMed's Association." + name + " (" + e + "); C-STORE exports keep Nagle's algorithm"
                    + " and run at ~20 instances/s");
            return null;
        }
    }
}

package io.thinslice.dicom;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.DicomOutputStream;
import com.pixelmed.dicom.DicomStreamCopier;
import com.pixelmed.dicom.SetOfDicomFiles;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.network.AReleaseException;
import com.pixelmed.network.Association;
import com.pixelmed.network.CStoreRequestCommandMessage;
import com.pixelmed.network.CompositeResponseHandler;
import com.pixelmed.network.DicomNetworkException;
import com.pixelmed.network.MultipleInstanceTransferStatusHandler;
import com.pixelmed.network.StorageSOPClassSCU;
import com.pixelmed.utils.CopyStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.net.Socket;
import java.util.logging.Logger;

/**
 * PixelMed's C-STORE SCU (one association for the whole set, as before), with Nagle's algorithm off on the
 * association's socket, each PDU written to it in one piece, a read timeout, and each C-STORE-RSP status kept.
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
 * <p>Why the read timeout: PixelMed reads without one, so a destination that accepts the association and never answers
 * a C-STORE-RQ held the export thread for good. With {@code SO_TIMEOUT} PixelMed's read fails, it closes the transport
 * connection, and the instances not yet answered are left for the next attempt ({@link StoreSession#timedOut()}).
 *
 * <p>Why the own response handler: PixelMed's keeps only "success or not"; the sender needs the status itself to tell
 * "out of resources" (try again later) from "SOP Class not supported" (never). The request is sent with PixelMed's
 * own pieces, in the order its {@code sendOneSOPInstance} uses.
 *
 * <p>PixelMed offers no socket factory, so all of this is applied to its protected {@code Association.socket} and
 * {@code Association.out} once the association is accepted, before the first C-STORE.
 */
final class NoDelayStorageSCU extends StorageSOPClassSCU {

    private static final Logger LOG = Logger.getLogger(NoDelayStorageSCU.class.getName());
    /** Holds a whole P-DATA PDU of the sizes SCPs accept (16 KiB for dcmtk and PixelMed; larger ones go out in 64 KiB writes). */
    static final int OUTPUT_BUFFER = 1 << 16;
    private static final Field SOCKET = field("socket");
    private static final Field OUT = field("out");

    /**
     * As {@code StorageSOPClassSCU(host, port, called, calling, files, 0, session)}: sends, releases, traps network
     * errors; what happened per instance is in {@code session}.
     */
    NoDelayStorageSCU(StoreDestination destination, String callingAeTitle, SetOfDicomFiles files, StoreSession session) {
        super(destination.host(), destination.port(), destination.aeTitle(), callingAeTitle, files, 0, session);
    }

    /** Called by the superclass constructor on the new association, so it may only use static state and its arguments. */
    @Override
    protected void sendMultipleSOPInstances(Association association, SetOfDicomFiles files, MultipleInstanceTransferStatusHandler handler,
                                            String moveOriginatorApplicationEntityTitle, int moveOriginatorMessageID)
            throws AReleaseException, DicomNetworkException, IOException {
        StoreSession session = (StoreSession) handler;
        if (!session.established(association)) {
            association.abort(); // the sender stopped waiting for this association: it is not used
            return;
        }
        tune(association, session.timeoutMillis());
        String refused = sopClassWithoutContext(association, files);
        if (refused != null) {
            session.noPresentationContext(refused);
            return; // nothing could be sent; released normally by the caller
        }
        StoreSession.CURRENT.set(session);
        try {
            super.sendMultipleSOPInstances(association, files, handler, moveOriginatorApplicationEntityTitle, moveOriginatorMessageID);
        } finally {
            StoreSession.CURRENT.remove();
        }
    }

    @Override
    protected boolean sendOneSOPInstance(Association association, String affectedSOPClass, String affectedSOPInstance,
                                         String inputTransferSyntaxUID, DicomInputStream din, byte presentationContextID,
                                         String outputTransferSyntaxUID, String moveOriginatorApplicationEntityTitle,
                                         int moveOriginatorMessageID)
            throws AReleaseException, DicomNetworkException, DicomException, IOException {
        StoreSession session = StoreSession.CURRENT.get();
        if (session == null) {
            return super.sendOneSOPInstance(association, affectedSOPClass, affectedSOPInstance, inputTransferSyntaxUID, din,
                    presentationContextID, outputTransferSyntaxUID, moveOriginatorApplicationEntityTitle, moveOriginatorMessageID);
        }
        if (session.timedOut()) {
            return false; // the connection is closed: the rest waits for the next attempt
        }
        StatusKeepingResponseHandler response = new StatusKeepingResponseHandler();
        association.setReceivedDataHandler(response);
        association.send(presentationContextID, new CStoreRequestCommandMessage(affectedSOPClass, affectedSOPInstance,
                moveOriginatorApplicationEntityTitle, moveOriginatorMessageID).getBytes(), null);
        OutputStream out = association.getAssociationOutputStream(presentationContextID);
        if (inputTransferSyntaxUID.equals(outputTransferSyntaxUID)) {
            CopyStream.copy(din, out);
            out.close();
        } else {
            new DicomStreamCopier(din, new DicomOutputStream(out, null, outputTransferSyntaxUID)); // closes the stream
        }
        try {
            association.waitForCommandPDataPDUs();
        } catch (DicomNetworkException e) {
            // PixelMed wraps the read's SocketTimeoutException and has closed the connection already.
            if (String.valueOf(e.getMessage()).contains("SocketTimeoutException")) {
                session.timeout(affectedSOPInstance);
            }
            throw e;
        }
        session.answered(affectedSOPInstance, response.status);
        return StoreSession.acknowledges(response.status);
    }

    /** The first SOP Class in {@code files} for which the SCP accepted no presentation context, or null. */
    private static String sopClassWithoutContext(Association association, SetOfDicomFiles files) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Object o : files) {
            String sopClass = ((SetOfDicomFiles.DicomFile) o).getSOPClassUID();
            if (sopClass == null || !seen.add(sopClass)) {
                continue;
            }
            try {
                byte id = association.getSuitablePresentationContextID(sopClass);
                String ts = association.getTransferSyntaxForPresentationContextID(id);
                if (ts == null || ts.isEmpty()) {
                    return sopClass;
                }
            } catch (DicomNetworkException e) {
                return sopClass;
            }
        }
        return null;
    }

    /** Keeps the Status (0000,0900) of the C-STORE-RSP; 0xFFFF when the response had none. */
    private static final class StatusKeepingResponseHandler extends CompositeResponseHandler {
        volatile int status = StoreSession.NO_STATUS;

        @Override
        protected void evaluateStatusAndSetSuccess(AttributeList list) {
            status = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.Status, StoreSession.NO_STATUS);
            success = StoreSession.acknowledges(status);
        }
    }

    /** {@link #tune(Association, int)} without a read timeout. */
    static void tune(Association association) throws IOException {
        tune(association, 0);
    }

    /**
     * Turns TCP_NODELAY on for the association's socket, buffers its output and sets its read timeout ({@code 0}:
     * none). Where PixelMed's fields cannot be reached (logged once at class load) it leaves them as they are: slow
     * and without a timeout, not wrong.
     */
    static void tune(Association association, int readTimeoutMillis) throws IOException {
        Socket socket = socketOf(association);
        OutputStream out = (OutputStream) get(OUT, association);
        if (socket == null || out == null) {
            return;
        }
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(readTimeoutMillis);
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
            LOG.warning("cannot reach PixelMed's Association." + name + " (" + e + "); C-STORE exports keep Nagle's algorithm,"
                    + " run at ~20 instances/s and wait for answers without a timeout");
            return null;
        }
    }
}

package io.thinslice.dicom;

import com.pixelmed.network.Association;
import com.pixelmed.network.ReceivedObjectHandler;
import com.pixelmed.network.StorageSOPClassSCP;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import javax.net.ssl.SSLSocket;

/**
 * C-STORE and C-ECHO SCP: our own accept loop on one bound address (a plain port, a TLS port, or both), a bounded
 * number of associations, the calling-AE allow-list, socket timeouts, and PixelMed's {@link StorageSOPClassSCP} per
 * association. On the TLS port each accepted socket is a JSSE {@link SSLSocket}; its handshake runs on the association's
 * thread before the gate, and a connection whose handshake fails (no TLS, an untrusted or missing client certificate,
 * an old protocol) is closed without a byte of DICOM read.
 */
public final class StoreListener implements Closeable {

    private static final Logger LOG = Logger.getLogger(StoreListener.class.getName());
    /** PixelMed's default PDU size and socket buffers (as its dispatcher uses). */
    private static final int MAX_PDU_RECEIVED = 16384;
    private static final int SOCKET_BUFFER = 65536;
    /** How long an aborted peer gets to close its side (ARTIM-like). */
    private static final int PEER_CLOSE_MILLIS = 2000;
    /** After the grace period, how long the aborted associations' threads get to finish. */
    private static final long AFTER_ABORT_SECONDS = 5;
    /** PS3.7 C.4.2.1.4: Failure: Processing failure (here: the instance could not be written to disk). */
    static final int PROCESSING_FAILURE = 0x0110;

    private final StoreListenerSettings settings;
    private final ReceivedObjectSink sink;
    private final AssociationObserver observer;
    private final Availability availability;
    private final AssociationGate gate;
    private final Semaphore slots;
    private final ExecutorService workers;
    /** The plain port; null when only TLS is open. */
    private final ServerSocket serverSocket;
    /** The TLS port; null when none. */
    private final ServerSocket tlsServerSocket;
    private final List<Thread> acceptors = new ArrayList<>();
    private final AtomicInteger active = new AtomicInteger();
    /** Open connections, so that a stop can end them. */
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger associationNumber = new AtomicInteger();
    private volatile boolean closed;

    /** One accepted connection; {@code responses} is set once the gate has admitted it as an association. */
    private static final class Connection {
        final Socket socket;
        volatile CStoreStatusRewriter responses;

        Connection(Socket socket) {
            this.socket = socket;
        }
    }

    private StoreListener(StoreListenerSettings settings, ReceivedObjectSink sink, AssociationObserver observer, Availability availability)
            throws IOException {
        this.settings = settings;
        this.sink = sink;
        this.observer = observer;
        this.availability = availability;
        this.gate = new AssociationGate(settings.allowedCallers());
        this.slots = new Semaphore(settings.maxAssociations());
        this.workers = Executors.newFixedThreadPool(settings.maxAssociations(), named("dicom-association"));
        Files.createDirectories(settings.incomingDir());
        StoreListenerSettings.Tls tls = settings.tls();
        if (tls != null && tls.only()) {
            this.serverSocket = null;
        } else {
            this.serverSocket = new ServerSocket();
            serverSocket.setReuseAddress(true);
            serverSocket.bind(new InetSocketAddress(InetAddress.getByName(settings.bindAddress()), settings.port()), 50);
            acceptors.add(named("dicom-accept").newThread(() -> acceptLoop(serverSocket)));
        }
        if (tls != null) {
            try {
                this.tlsServerSocket = tls.context().serverSocket(settings.bindAddress(), tls.port(), tls.requireClientCertificate());
            } catch (IOException e) {
                if (serverSocket != null) {
                    closeQuietly(serverSocket);
                }
                throw e;
            }
            acceptors.add(named("dicom-tls-accept").newThread(() -> acceptLoop(tlsServerSocket)));
        } else {
            this.tlsServerSocket = null;
        }
    }

    /** Binds the port and starts accepting. */
    public static StoreListener start(StoreListenerSettings settings, ReceivedObjectSink sink) throws IOException {
        return start(settings, sink, AssociationObserver.NONE);
    }

    /** Binds the port and starts accepting; {@code observer} hears of every association accepted, refused and ended. */
    public static StoreListener start(StoreListenerSettings settings, ReceivedObjectSink sink, AssociationObserver observer) throws IOException {
        return start(settings, sink, observer, Availability.ALWAYS);
    }

    /**
     * As {@link #start(StoreListenerSettings, ReceivedObjectSink, AssociationObserver)}; while {@code availability} names a
     * reason, a new association is rejected transient (PS3.8 A-ASSOCIATE-RJ 2 / 1 / 1) after its A-ASSOCIATE-RQ is read.
     */
    public static StoreListener start(StoreListenerSettings settings, ReceivedObjectSink sink, AssociationObserver observer,
                                      Availability availability) throws IOException {
        PixelMedTuning.apply();
        StoreListener listener = new StoreListener(settings, sink, observer, availability);
        listener.acceptors.forEach(Thread::start);
        if (listener.serverSocket != null) {
            LOG.info(() -> "DICOM listener " + settings.aeTitle() + " on " + listener.serverSocket.getLocalSocketAddress()
                    + " (max " + settings.maxAssociations() + " associations)");
        }
        if (listener.tlsServerSocket != null) {
            LOG.info(() -> "DICOM TLS listener " + settings.aeTitle() + " on " + listener.tlsServerSocket.getLocalSocketAddress() + " ("
                    + String.join(", ", settings.tls().context().protocols()) + "; client certificate "
                    + (settings.tls().requireClientCertificate() ? "required" : "optional") + "; max " + settings.maxAssociations()
                    + " associations on both ports together)");
        }
        return listener;
    }

    /** The plain port, or -1 when only TLS is open. */
    public int localPort() {
        return serverSocket == null ? -1 : serverSocket.getLocalPort();
    }

    /** The TLS port, or -1 when none. */
    public int tlsPort() {
        return tlsServerSocket == null ? -1 : tlsServerSocket.getLocalPort();
    }

    public boolean isListening() {
        return !closed && (serverSocket == null || serverSocket.isBound() && !serverSocket.isClosed())
                && (tlsServerSocket == null || tlsServerSocket.isBound() && !tlsServerSocket.isClosed());
    }

    public int activeAssociations() {
        return active.get();
    }

    private void acceptLoop(ServerSocket serverSocket) {
        while (!closed) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.log(Level.WARNING, "accept failed", e);
                }
                continue;
            }
            if (!slots.tryAcquire()) {
                // PS3.8 A-ASSOCIATE-RJ: rejected-transient (2), source service-provider presentation (3), local limit exceeded (2).
                byte[] reject = AssociationGate.rejectPdu(2, 3, 2);
                String reason = "all " + settings.maxAssociations() + " association slots busy";
                if (socket instanceof SSLSocket) {
                    // Writing the answer runs the TLS handshake first: not on this thread, where a silent client would stop
                    // all accepting; on a thread of its own, bounded by a short timeout.
                    Thread refusal = named("dicom-tls-refuse").newThread(() -> {
                        try {
                            socket.setSoTimeout(PEER_CLOSE_MILLIS);
                        } catch (IOException e) {
                            // closed already; refuse() closes quietly
                        }
                        refuse(socket, reject, reason);
                    });
                    refusal.start();
                } else {
                    refuse(socket, reject, reason);
                }
                continue;
            }
            try {
                workers.execute(() -> serve(socket));
            } catch (RuntimeException e) {
                slots.release();
                closeQuietly(socket);
            }
        }
    }

    private void serve(Socket socket) {
        active.incrementAndGet();
        Connection connection = new Connection(socket);
        connections.add(connection);
        Path folder = null;
        int number = 0;
        try {
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, settings.socketTimeout().toMillis()));
            socket.setTcpNoDelay(true);
            if (socket instanceof SSLSocket tls && !handshake(tls)) {
                return;
            }
            if (closed) {
                // Accepted just before the stop: the sender may try again once the node is back.
                refuse(socket, AssociationGate.rejectPdu(2, 3, 1), "the node is stopping");
                return;
            }
            AssociationGate.Verdict verdict = gate.inspect(socket);
            if (verdict instanceof AssociationGate.Refuse refuse) {
                refuse(socket, refuse.reply(), refuse.reason(), refuse.callingAeTitle());
                return;
            }
            AssociationGate.Admit admit = (AssociationGate.Admit) verdict;
            String unavailable = availability.unavailableBecause();
            if (unavailable != null) {
                // PS3.8 A-ASSOCIATE-RJ: rejected-transient (2), source service-user (1), no-reason-given (1): the node
                // itself declines for now (not the presentation layer's congestion); the sender keeps what it has.
                refuse(socket, AssociationGate.rejectPdu(2, 1, 1), unavailable, admit.callingAeTitle());
                return;
            }
            connection.responses = admit.responses();
            if (closed) {
                // The stop came while the gate read the request: PS3.8 rejected-transient, temporary congestion.
                refuse(socket, AssociationGate.rejectPdu(2, 3, 1), "the node is stopping");
                return;
            }
            // Each association writes into its own folder: two associations carrying the same SOP Instance UID never
            // share a file, and whatever an aborted transfer leaves there goes with the folder.
            number = associationNumber.incrementAndGet();
            folder = Files.createDirectories(settings.incomingDir().resolve("dimse-" + number));
            int accepted = number;
            tell(o -> o.accepted(accepted, admit.callingAeTitle(), host(socket)));
            // Runs the whole association on this thread; PixelMed closes the socket at the end.
            new StorageSOPClassSCP(admit.socket(), settings.aeTitle(), MAX_PDU_RECEIVED, SOCKET_BUFFER, SOCKET_BUFFER,
                    folder.toFile(), new IncomingFileNames(),
                    new Handler(admit.callingAeTitle(), admit.responses(), number), null, null, null, null, new CtPresentationContextPolicy()).run();
        } catch (Exception e) {
            CStoreStatusRewriter responses = connection.responses;
            if (responses == null || !responses.aborted()) {
                LOG.log(Level.WARNING, "association from " + socket.getRemoteSocketAddress() + " ended with an error: " + e);
            }
        } finally {
            CStoreStatusRewriter responses = connection.responses;
            if (responses != null && responses.aborted()) {
                LOG.info(() -> "aborted the association from " + socket.getRemoteSocketAddress() + ": the node is stopping");
                awaitPeerClose(socket);
            }
            closeQuietly(socket);
            if (folder != null) {
                deleteFolder(folder);
            }
            if (number > 0) {
                int ended = number;
                tell(o -> o.ended(ended));
            }
            connections.remove(connection);
            active.decrementAndGet();
            slots.release();
        }
    }

    /**
     * The TLS handshake, bounded by the socket timeout. A failure (plain bytes, no or an untrusted client certificate,
     * TLS 1.1 or an unlisted suite) closes the connection: nothing reaches the gate or PixelMed.
     */
    private boolean handshake(SSLSocket socket) {
        try {
            socket.startHandshake();
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warning(() -> "refused TLS connection from " + socket.getRemoteSocketAddress() + ": handshake failed: " + e.getMessage());
            closeQuietly(socket);
            // A failed node authentication is what the audit trail's Security Alert is for.
            tell(o -> o.refused(null, host(socket), "TLS handshake failed: " + e.getMessage()));
            return false;
        }
    }

    /**
     * After our A-ABORT the peer closes the connection (PS3.8 state 13, awaiting transport close); closing first with
     * its next request unread would reset the connection, and the peer might lose the response and the A-ABORT.
     */
    private static void awaitPeerClose(Socket socket) {
        try {
            socket.shutdownOutput();
            socket.setSoTimeout(PEER_CLOSE_MILLIS);
            InputStream in = socket.getInputStream();
            byte[] discard = new byte[8192];
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PEER_CLOSE_MILLIS);
            while (in.read(discard) >= 0 && System.nanoTime() < deadline) {
                // the rest of a request the peer sent before it saw the A-ABORT
            }
        } catch (IOException | UnsupportedOperationException e) {
            // closed or silent (or a TLS socket that cannot half-close): close from this side
        }
    }

    /** The association's incoming folder and anything an unfinished transfer left in it. */
    private static void deleteFolder(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(folder);
        } catch (IOException e) {
            LOG.warning("could not clear " + folder + " (removed at the next start): " + e);
        }
    }

    private void refuse(Socket socket, byte[] reply, String reason) {
        refuse(socket, reply, reason, null);
    }

    private void refuse(Socket socket, byte[] reply, String reason, String callingAeTitle) {
        LOG.warning(() -> "refused connection from " + socket.getRemoteSocketAddress() + ": " + reason);
        tell(o -> o.refused(callingAeTitle, host(socket), reason));
        try {
            if (reply.length > 0) {
                OutputStream out = socket.getOutputStream();
                out.write(reply);
                out.flush();
            }
        } catch (IOException e) {
            LOG.fine(() -> "could not send refusal: " + e);
        } finally {
            closeQuietly(socket);
        }
    }

    /** The observer must not break an association: whatever it throws is logged and forgotten. */
    private void tell(java.util.function.Consumer<AssociationObserver> event) {
        try {
            event.accept(observer);
        } catch (RuntimeException e) {
            LOG.warning("association observer failed: " + e);
        }
    }

    private static String host(Socket socket) {
        InetAddress a = socket.getInetAddress();
        return a == null ? null : a.getHostAddress();
    }

    private final class Handler extends ReceivedObjectHandler {
        private final String callingAeTitle;
        private final CStoreStatusRewriter responses;
        private final int association;

        Handler(String callingAeTitle, CStoreStatusRewriter responses, int association) {
            this.callingAeTitle = callingAeTitle;
            this.responses = responses;
            this.association = association;
        }

        @Override
        public void sendReceivedObjectIndication(String fileName, String transferSyntax, String callingAE) throws IOException {
            if (fileName != null) {
                java.nio.file.Path file = java.nio.file.Path.of(fileName);
                try {
                    sink.accept(new ReceivedFile(file, transferSyntax, callingAeTitle, association));
                } catch (OutOfResourcesException e) {
                    // A refusal the sender understands (it keeps the instance and may send it later); the association
                    // stays open, so a sender can go on once space is back.
                    java.nio.file.Files.deleteIfExists(file);
                    LOG.warning("C-STORE from " + callingAeTitle + " answered 0xA700: " + e.getMessage());
                    responses.refuseNext(OutOfResourcesException.STATUS);
                } catch (IOException | RuntimeException e) {
                    // A failure status, not an abort: the sender learns which instance failed and why, and the rest of
                    // the association is still received. Nothing of this instance stays here.
                    java.nio.file.Files.deleteIfExists(file);
                    int status = e instanceof InstanceRefusedException ? InstanceRefusedException.STATUS : PROCESSING_FAILURE;
                    LOG.warning("C-STORE from " + callingAeTitle + " answered 0x" + Integer.toHexString(status).toUpperCase(java.util.Locale.ROOT)
                            + ": " + e.getMessage());
                    responses.refuseNext(status);
                }
            }
        }
    }

    /** Stops at once, as {@link #close(Duration)} with no grace. */
    @Override
    public void close() {
        close(Duration.ZERO);
    }

    /**
     * Stops: no new association is accepted; each open association finishes the instance in flight, gets its response
     * and then an A-ABORT; after {@code grace} whatever is still open (a silent or very slow sender) is aborted as it
     * is. Returns once every association thread has ended (or given up after a few more seconds).
     */
    public void close(Duration grace) {
        closed = true;
        if (serverSocket != null) {
            closeQuietly(serverSocket);
        }
        if (tlsServerSocket != null) {
            closeQuietly(tlsServerSocket);
        }
        for (Connection c : connections) {
            CStoreStatusRewriter responses = c.responses;
            if (responses == null) {
                closeQuietly(c.socket); // still in the gate: not an association yet
            } else {
                responses.abortAfterNextResponse();
            }
        }
        workers.shutdown();
        try {
            if (!workers.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warning(() -> connections.size() + " association(s) still open after thinslice.dicom.stop-grace (" + grace + "): aborted");
                for (Connection c : connections) {
                    CStoreStatusRewriter responses = c.responses;
                    if (responses != null) {
                        responses.abortNow();
                    }
                    closeQuietly(c.socket);
                }
                if (!workers.awaitTermination(AFTER_ABORT_SECONDS, TimeUnit.SECONDS)) {
                    // A thread still inside the spool's I/O: interrupted, its instance fails and stays unacknowledged.
                    workers.shutdownNow();
                    workers.awaitTermination(AFTER_ABORT_SECONDS, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            workers.shutdownNow();
        }
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing; nothing left to do
        }
    }

    static java.util.concurrent.ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Process-wide PixelMed settings that a production node needs. */
    static final class PixelMedTuning {
        static final int RELEASE_DELAY_MILLIS = 1;
        private static volatile boolean applied;

        private PixelMedTuning() {
        }

        /**
         * PixelMed sleeps 5 s after each association release before closing the transport connection
         * (a private static field). With bounded association slots that throttles senders that open an
         * association per instance, so it is cut to 1 ms: the peer has already received our A-RELEASE-RP.
         * (Not 0: PixelMed passes the value to Object.wait, where 0 means forever.)
         */
        static synchronized void apply() {
            if (applied) {
                return;
            }
            try {
                Field f = Association.class.getDeclaredField("associationReleaseToTransportConnectionCloseTimeoutInMilliseconds");
                f.setAccessible(true);
                f.setInt(null, RELEASE_DELAY_MILLIS);
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.warning("could not remove PixelMed's release delay (" + e + "); releases will take 5 s");
            }
            applied = true;
        }

        static int releaseDelayMillis() throws ReflectiveOperationException {
            Field f = Association.class.getDeclaredField("associationReleaseToTransportConnectionCloseTimeoutInMilliseconds");
            f.setAccessible(true);
            return f.getInt(null);
        }
    }
}

package io.thinslice.ingest;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.thinslice.audit.AuditEvents;
import io.thinslice.audit.AuditTrail;
import io.thinslice.audit.InstanceTally;
import io.thinslice.dicom.ReceivedFile;
import io.thinslice.dicom.StoreListener;
import io.thinslice.dicom.StoreListenerSettings;
import io.thinslice.dicom.TlsContext;
import io.thinslice.series.NodeConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Starts the DICOM listener at start-up (on a node with the {@code receive} role) and hands every spooled instance to
 * the job engine. While the job store cannot record ({@link RecordingGate}), new associations are rejected transient.
 */
@Startup
@ApplicationScoped
public class DicomReceiver {

    private static final Logger LOG = Logger.getLogger(DicomReceiver.class.getName());

    @Inject
    DicomConfig config;
    @Inject
    DicomTlsConfig tlsConfig;
    @Inject
    StorageConfig storage;
    @Inject
    Intake intake;
    @Inject
    AuditTrail audit;
    @Inject
    AuditEvents auditEvents;
    @Inject
    NodeRoles roles;
    @Inject
    RecordingGate recording;

    private StoreListener listener;
    /** Null while auditing is off. */
    private AssociationAudit associationAudit;

    @PostConstruct
    void start() {
        String ae = config.aeTitle().trim();
        if (ae.isEmpty() || ae.length() > 16 || ae.contains("\\")) {
            throw new IllegalArgumentException("thinslice.dicom.ae-title must be 1-16 characters without backslash: '" + ae + "'");
        }
        if (config.maxAssociations() < 1) {
            throw new IllegalArgumentException("thinslice.dicom.max-associations must be at least 1");
        }
        // Checked here so the message names the setting (the socket would only say "port out of range").
        if (config.port() < 0 || config.port() > 65535) {
            throw new IllegalArgumentException("thinslice.dicom.port must be 0-65535, was " + config.port());
        }
        if (config.socketTimeout().isNegative()) {
            // A negative timeout would start the node and fail every association later.
            throw new IllegalArgumentException("thinslice.dicom.socket-timeout must be >= 0, was " + config.socketTimeout());
        }
        if (config.stopGrace().isNegative()) {
            throw new IllegalArgumentException("thinslice.dicom.stop-grace must be >= 0, was " + config.stopGrace());
        }
        if (!roles.has(NodeConfig.Role.RECEIVE)) {
            LOG.info("no DICOM listener: thinslice.node.roles has no receive");
            return;
        }
        Path root = Intake.incomingRoot(storage);
        Path incoming = roles.incomingDir(root);
        try {
            // Before the listener opens: nothing in there was acknowledged, and nothing of this run is there yet but
            // STOW-RS uploads, which are newer than the JVM. Other nodes' folders only once they are long abandoned.
            IncomingFolder.removeLeftovers(incoming, FileTime.fromMillis(ManagementFactory.getRuntimeMXBean().getStartTime()));
            if (roles.sharesStorage()) {
                IncomingFolder.removeAbandoned(root, roles.name(),
                        FileTime.fromMillis(System.currentTimeMillis() - IncomingFolder.ABANDONED_AFTER.toMillis()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("thinslice.storage.dir: cannot clear " + incoming, e);
        }
        Set<String> allowed = new LinkedHashSet<>();
        config.allowedCallers().orElse(List.of()).stream().map(String::trim).filter(s -> !s.isEmpty()).forEach(allowed::add);
        StoreListenerSettings settings = new StoreListenerSettings(ae, config.bindAddress(), config.port(), config.maxAssociations(),
                config.socketTimeout(), allowed, incoming, tls());
        try {
            associationAudit = audit.enabled() ? new AssociationAudit(audit, auditEvents) : null;
            listener = StoreListener.start(settings, this::receive,
                    associationAudit == null ? io.thinslice.dicom.AssociationObserver.NONE : associationAudit, recording);
        } catch (IOException e) {
            String port = settings.tls() == null ? "thinslice.dicom.port" : "thinslice.dicom.port / thinslice.dicom.tls.port";
            throw new UncheckedIOException("thinslice.dicom.bind-address / " + port + ": cannot listen on " + config.bindAddress() + ":"
                    + config.port() + (settings.tls() == null ? "" : " / " + settings.tls().port()), e);
        }
    }

    /** The TLS port's settings, checked; null when {@code thinslice.dicom.tls.port} is not set. */
    private StoreListenerSettings.Tls tls() {
        if (tlsConfig.port().isEmpty()) {
            if (tlsConfig.only()) {
                throw new IllegalArgumentException("thinslice.dicom.tls.only=true needs thinslice.dicom.tls.port");
            }
            return null;
        }
        int port = tlsConfig.port().get();
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("thinslice.dicom.tls.port must be 0-65535, was " + port);
        }
        if (port != 0 && port == config.port() && !tlsConfig.only()) {
            throw new IllegalArgumentException("thinslice.dicom.tls.port must differ from thinslice.dicom.port (" + port + ")");
        }
        if (tlsConfig.keyStore().isEmpty()) {
            throw new IllegalArgumentException("thinslice.dicom.tls.key-store must be set with thinslice.dicom.tls.port (the node's certificate)");
        }
        if (tlsConfig.requireClientCertificate() && tlsConfig.trustStore().isEmpty()) {
            // The JVM's default trust store would let any holder of a public CA's certificate in.
            throw new IllegalArgumentException("thinslice.dicom.tls.trust-store must be set while thinslice.dicom.tls.require-client-certificate"
                    + " is true (the CAs whose clients are accepted)");
        }
        TlsContext context = TlsContext.create("thinslice.dicom.tls", new TlsContext.Material(
                Path.of(tlsConfig.keyStore().get()), tlsConfig.keyStoreType(), tlsConfig.keyStorePassword().orElse(null),
                tlsConfig.trustStore().map(Path::of).orElse(null), tlsConfig.trustStoreType(), tlsConfig.trustStorePassword().orElse(null),
                tlsConfig.protocols(), tlsConfig.cipherSuites()));
        return new StoreListenerSettings.Tls(port, context, tlsConfig.requireClientCertificate(), tlsConfig.only());
    }

    private void receive(ReceivedFile file) throws IOException {
        InstanceTally transfer = associationAudit == null ? null : associationAudit.tally(file.association());
        try {
            io.thinslice.series.ReceivedInstance r = intake.accept(file.path(), "DIMSE:" + file.callingAeTitle());
            if (transfer != null) {
                transfer.stored(r.header().studyInstanceUid(), r.header().seriesInstanceUid(), r.header().sopClassUid());
            }
        } catch (IOException | RuntimeException e) {
            if (transfer != null) {
                transfer.failed();
            }
            throw e;
        }
    }

    /** False on a node without the {@code receive} role: it opens no DICOM port. */
    public boolean receives() {
        return roles.has(NodeConfig.Role.RECEIVE);
    }

    public boolean isListening() {
        return listener != null && listener.isListening();
    }

    /** The plain port; -1 when not listening or only TLS is open. */
    public int port() {
        return listener == null ? -1 : listener.localPort();
    }

    /** The TLS port; -1 when none. */
    public int tlsPort() {
        return listener == null ? -1 : listener.tlsPort();
    }

    /** SIGTERM: the listener stops accepting and lets each association finish its instance in flight (bounded). */
    void stop(@Observes ShutdownEvent event) {
        if (listener != null) {
            listener.close(config.stopGrace());
        }
    }
}

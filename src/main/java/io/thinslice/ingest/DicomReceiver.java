package io.thinslice.ingest;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.thinslice.dicom.ReceivedFile;
import io.thinslice.dicom.StoreListener;
import io.thinslice.dicom.StoreListenerSettings;
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

/** Starts the DICOM listener at start-up and hands every spooled instance to the job engine. */
@Startup
@ApplicationScoped
public class DicomReceiver {

    @Inject
    DicomConfig config;
    @Inject
    StorageConfig storage;
    @Inject
    Intake intake;
    @Inject
    io.thinslice.audit.AuditTrail audit;
    @Inject
    io.thinslice.audit.AuditEvents auditEvents;

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
        Path incoming = Path.of(storage.dir()).toAbsolutePath().resolve("incoming");
        try {
            // Before the listener opens: nothing in there was acknowledged, and nothing of this run is there yet but
            // STOW-RS uploads, which are newer than the JVM.
            IncomingFolder.removeLeftovers(incoming, FileTime.fromMillis(ManagementFactory.getRuntimeMXBean().getStartTime()));
        } catch (IOException e) {
            throw new UncheckedIOException("thinslice.storage.dir: cannot clear " + incoming, e);
        }
        Set<String> allowed = new LinkedHashSet<>();
        config.allowedCallers().orElse(List.of()).stream().map(String::trim).filter(s -> !s.isEmpty()).forEach(allowed::add);
        StoreListenerSettings settings = new StoreListenerSettings(ae, config.bindAddress(), config.port(), config.maxAssociations(),
                config.socketTimeout(), allowed, incoming);
        try {
            associationAudit = audit.enabled() ? new AssociationAudit(audit, auditEvents) : null;
            listener = StoreListener.start(settings, this::receive,
                    associationAudit == null ? io.thinslice.dicom.AssociationObserver.NONE : associationAudit);
        } catch (IOException e) {
            throw new UncheckedIOException("thinslice.dicom.bind-address / thinslice.dicom.port: cannot listen on " + config.bindAddress() + ":"
                    + config.port(), e);
        }
    }

    private void receive(ReceivedFile file) throws IOException {
        io.thinslice.audit.InstanceTally transfer = associationAudit == null ? null : associationAudit.tally(file.association());
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

    public boolean isListening() {
        return listener != null && listener.isListening();
    }

    public int port() {
        return listener == null ? -1 : listener.localPort();
    }

    /** SIGTERM: the listener stops accepting and lets each association finish its instance in flight (bounded). */
    void stop(@Observes ShutdownEvent event) {
        if (listener != null) {
            listener.close(config.stopGrace());
        }
    }
}

package io.thinslice.audit;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.thinslice.ingest.DicomConfig;
import io.thinslice.series.NodeIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Logger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Builds the audit trail from {@code thinslice.audit.*}, validating the settings at start-up. */
@ApplicationScoped
public class AuditProducer {

    private static final Logger LOG = Logger.getLogger(AuditProducer.class.getName());

    @Produces
    @Singleton
    @io.quarkus.runtime.Startup
    AuditTrail trail(AuditConfig config, DicomConfig dicom, MeterRegistry meters) {
        List<AuditDestination> destinations = new ArrayList<>();
        SyslogFrame frame = new SyslogFrame(NodeIdentity.hostName("localhost"), "thinslice", ProcessHandle.current().pid());
        Optional<String> host = config.syslogHost().map(String::trim).filter(s -> !s.isEmpty());
        String protocol = config.syslogProtocol().trim().toLowerCase(Locale.ROOT);
        if (!protocol.equals("udp") && !protocol.equals("tls")) {
            throw new IllegalArgumentException("thinslice.audit.syslog-protocol must be udp or tls, was " + config.syslogProtocol());
        }
        if (host.isPresent()) {
            int port = config.syslogPort().orElse(protocol.equals("tls") ? 6514 : 514);
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("thinslice.audit.syslog-port must be 1-65535, was " + port);
            }
            try {
                destinations.add(protocol.equals("tls") ? new TlsSyslogDestination(host.get(), port, frame, tls(config))
                        : new UdpSyslogDestination(host.get(), port, frame));
            } catch (IOException e) {
                throw new UncheckedIOException("thinslice.audit: cannot open a socket for syslog", e);
            }
        }
        config.file().map(String::trim).filter(s -> !s.isEmpty()).ifPresent(f -> destinations.add(new FileDestination(Path.of(f))));
        if (destinations.isEmpty()) {
            return AuditTrail.OFF;
        }
        String source = config.sourceId().map(String::trim).filter(s -> !s.isEmpty()).orElse(dicom.aeTitle().trim());
        AsyncAuditTrail trail = new AsyncAuditTrail(destinations, source, config.queueSize());
        FunctionCounter.builder("thinslice.audit.dropped", trail, AsyncAuditTrail::dropped)
                .description("Audit messages not delivered (queue full or destination failed), counted per destination").register(meters);
        FunctionCounter.builder("thinslice.audit.delivered", trail, AsyncAuditTrail::delivered)
                .description("Audit messages delivered, counted per destination").register(meters);
        LOG.info("audit trail to " + destinations.stream().map(AuditDestination::describe).toList() + " as " + source);
        return trail;
    }

    @Produces
    @Singleton
    AuditEvents events(DicomConfig dicom) {
        return new AuditEvents(dicom.aeTitle().trim(), NodeIdentity.hostName("localhost"));
    }

    void close(@Disposes AuditTrail trail) {
        if (trail instanceof AsyncAuditTrail a) {
            a.close();
        }
    }

    private static SSLContext tls(AuditConfig config) {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(config.syslogTrustStore().isPresent()
                    ? load(config.syslogTrustStore().get(), config.syslogTrustStorePassword(), "thinslice.audit.syslog-trust-store") : null);
            KeyManagerFactory kmf = null;
            if (config.syslogKeyStore().isPresent()) {
                char[] password = config.syslogKeyStorePassword().orElse("").toCharArray();
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(load(config.syslogKeyStore().get(), config.syslogKeyStorePassword(), "thinslice.audit.syslog-key-store"), password);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("thinslice.audit: TLS set-up failed: " + e.getMessage(), e);
        }
    }

    private static KeyStore load(String file, Optional<String> password, String setting) {
        // PKCS12 reads JKS as well (keystore.type.compat).
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password.map(String::toCharArray).orElse(null));
            return ks;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(setting + ": cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}

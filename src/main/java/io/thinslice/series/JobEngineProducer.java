package io.thinslice.series;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.thinslice.audit.AuditEvents;
import io.thinslice.audit.AuditTrail;
import io.thinslice.derive.DeriveConfig;
import io.thinslice.dicom.StoreDestination;
import io.thinslice.dicom.StoreSender;
import io.thinslice.dicom.TlsContext;
import io.thinslice.export.BearerTokens;
import io.thinslice.export.CStoreDestination;
import io.thinslice.export.ClientCredentials;
import io.thinslice.export.ExportConfig;
import io.thinslice.export.ExportTlsConfig;
import io.thinslice.export.RetryPolicy;
import io.thinslice.export.SeriesDestination;
import io.thinslice.export.StowRsDestination;
import io.thinslice.ingest.DicomConfig;
import io.thinslice.ingest.DicomTlsConfig;
import io.thinslice.ingest.FreeSpace;
import io.thinslice.ingest.LimitsConfig;
import io.thinslice.ingest.StorageConfig;
import io.thinslice.synthesis.FactorChoice;
import io.thinslice.synthesis.Interpolator;
import io.thinslice.synthesis.Interpolators;
import io.thinslice.synthesis.SynthesisConfig;
import io.thinslice.synthesis.ThreeViewSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Builds the job engine from configuration, validating every setting at start-up. */
@ApplicationScoped
public class JobEngineProducer {

    /** Created at start-up (not at first use), so a bad setting stops the node at once. */
    @Produces
    @jakarta.inject.Singleton
    @io.quarkus.runtime.Startup
    JobEngine engine(SeriesConfig series, SynthesisConfig synthesis, DeriveConfig derive, ExportConfig export, DicomConfig dicom,
                     ExportTlsConfig exportTls, DicomTlsConfig dicomTls, StorageConfig storage, SpooledSeries spool, ObjectMapper json,
                     MeterRegistry meters, DerivedFolders derived, FreeSpace freeSpace, LimitsConfig limits,
                     AuditTrail audit, AuditEvents auditEvents,
                     io.quarkus.oidc.client.OidcClients oidcClients, JobsConfig jobs, NodeConfig nodeConfig,
                     jakarta.enterprise.inject.Instance<javax.sql.DataSource> dataSource,
                     jakarta.enterprise.inject.Instance<org.flywaydb.core.Flyway> flyway, SelectConfig select) {
        if (series.stableSeconds() < 0) {
            throw new IllegalArgumentException("thinslice.series.stable-seconds must be >= 0");
        }
        if (series.maxQueued() < 1) {
            throw new IllegalArgumentException("thinslice.series.max-queued must be at least 1, was " + series.maxQueued());
        }
        StoreSender sender = new StoreSender(dicom.aeTitle(), export.timeout());
        List<SeriesDestination> destinations = new ArrayList<>();
        for (String s : export.destinations().orElse(List.of())) {
            if (!s.isBlank()) {
                try {
                    destinations.add(new CStoreDestination(sender, StoreDestination.parse(s)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("thinslice.export.destinations: " + e.getMessage(), e);
                }
            }
        }
        List<String> tlsDestinations = exportTls.destinations().orElse(List.of()).stream().filter(s -> !s.isBlank()).toList();
        if (!tlsDestinations.isEmpty()) {
            StoreSender tlsSender = sender.overTls(TlsContext.create("thinslice.export.tls", new TlsContext.Material(
                    exportTls.keyStore().map(Path::of).orElse(null), exportTls.keyStoreType(), exportTls.keyStorePassword().orElse(null),
                    exportTls.trustStore().map(Path::of).orElse(null), exportTls.trustStoreType(), exportTls.trustStorePassword().orElse(null),
                    dicomTls.protocols(), dicomTls.cipherSuites())), exportTls.verifyHostname());
            for (String s : tlsDestinations) {
                try {
                    destinations.add(new CStoreDestination(tlsSender, StoreDestination.parse(s)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("thinslice.export.tls.destinations: " + e.getMessage(), e);
                }
            }
        }
        HttpClient http = StowRsDestination.defaultClient();
        BearerTokens clientCredentials = clientCredentials(export, oidcClients);
        export.dicomweb().orElse(List.of()).stream().filter(s -> !s.isBlank())
                .forEach(s -> destinations.add(StowRsDestination.parse(s, http, clientCredentials)));
        Set<String> names = new HashSet<>();
        for (SeriesDestination d : destinations) {
            if (!names.add(d.describe())) {
                throw new IllegalArgumentException("export destination " + d.describe() + " is configured twice");
            }
        }
        FactorChoice factors = synthesis.factors();
        ThreeViewSettings threeView = synthesis.threeView();
        Interpolator interpolator;
        try {
            interpolator = Interpolators.create(synthesis.method(), threeView);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("thinslice.synthesis.method: " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new IllegalArgumentException("thinslice.synthesis.weights: " + e.getMessage(), e);
        }
        Path root = Path.of(storage.dir()).toAbsolutePath();
        SeriesProcessor processor = new SeriesProcessor(interpolator, factors, derive.settings(), dicom.aeTitle(), derived,
                limits.maxSlices()).select(select.selection(), new SelectionMetrics(meters)).withUncertainty(derive.uncertainty());
        JobEngine.Settings settings = new JobEngine.Settings(root, Duration.ofSeconds(series.stableSeconds()), processor, List.copyOf(destinations),
                new RetryPolicy(export.maxAttempts(), export.initialBackoff(), export.maxBackoff()), dicom.aeTitle(),
                storage.retention(), storage.retentionCheck(), derived, freeSpace::low, series.maxQueued(), synthesis.workers(),
                node(nodeConfig, jobs.store()));
        try {
            JobEngine engine = switch (store(jobs)) {
                case FILE -> {
                    yield new FileJobEngine(settings, spool, json, meters, Clock.systemUTC());
                }
                case POSTGRESQL -> {
                    javax.sql.DataSource db = dataSource(dataSource);
                    // Every node migrates at start; Flyway's lock in the database lets one do it while the others wait.
                    flyway.get().migrate();
                    yield new ClusterJobEngine(settings, spool, db, json, meters, jobs.lease(), jobs.heartbeat());
                }
            };
            if (audit.enabled()) {
                engine.setEvents(new JobAudit(audit, auditEvents));
            }
            engine.start();
            return engine;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the job engine in " + root, e);
        }
    }

    /** The job stores of {@code thinslice.jobs.store}. */
    enum Store {
        FILE, POSTGRESQL
    }

    static Store store(JobsConfig jobs) {
        return switch (jobs.store().trim().toLowerCase(java.util.Locale.ROOT)) {
            case "file" -> Store.FILE;
            case "postgresql" -> Store.POSTGRESQL;
            default -> throw new IllegalArgumentException("thinslice.jobs.store must be file or postgresql, was " + jobs.store());
        };
    }

    /** This node's name (default: the host name, a pod's name in Kubernetes) and roles, checked against the job store. */
    static JobEngine.Node node(NodeConfig config, String store) {
        String problem = NodeIdentity.problem(config.roles(), store);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return new JobEngine.Node(NodeIdentity.name(config), config.roles());
    }

    private static javax.sql.DataSource dataSource(jakarta.enterprise.inject.Instance<javax.sql.DataSource> dataSource) {
        try {
            return dataSource.get();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("thinslice.jobs.store=postgresql needs quarkus.datasource.jdbc.url (with "
                    + "quarkus.datasource.username and quarkus.datasource.password): " + e.getMessage(), e);
        }
    }

    /** The OAuth2 client of {@code thinslice.export.oauth-*}, or null when none is configured; half a configuration stops the start. */
    private static BearerTokens clientCredentials(ExportConfig export, io.quarkus.oidc.client.OidcClients clients) {
        if (export.oauthTokenUrl().isEmpty() && export.oauthClientId().isEmpty() && export.oauthClientSecret().isEmpty()) {
            return null;
        }
        if (export.oauthTokenUrl().isEmpty() || export.oauthClientId().isEmpty() || export.oauthClientSecret().isEmpty()) {
            throw new IllegalArgumentException("thinslice.export.oauth-token-url, thinslice.export.oauth-client-id and "
                    + "thinslice.export.oauth-client-secret go together; set all three or none");
        }
        String url = export.oauthTokenUrl().get().trim();
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw new IllegalArgumentException("thinslice.export.oauth-token-url must be an http(s) URL, was " + url);
        }
        return new ClientCredentials(clients, url, export.oauthClientId().get(), export.oauthClientSecret().get(),
                export.oauthScopes().orElse(List.of()).stream().map(String::trim).filter(x -> !x.isEmpty()).toList());
    }

    /** One instance for the engine and the DICOMweb index: they share the lock that makes a swap invisible. */
    @Produces
    @jakarta.inject.Singleton
    DerivedFolders derivedFolders(StorageConfig storage, JobsConfig jobs, NodeConfig node) {
        Path root = Path.of(storage.dir()).toAbsolutePath();
        if (store(jobs) == Store.POSTGRESQL) {
            // Nodes share the storage folder: each stages (and, at its start, cleans up) only its own versions.
            return new DerivedFolders(root.resolve("derived"), root.resolve("derived-staging").resolve(NodeIdentity.name(node)));
        }
        return DerivedFolders.under(root);
    }

    /**
     * First thing at a stop, before the DICOM listener's grace period: no series starts synthesis any more (one that
     * became complete waits for the next start), so the stop is not held up by a new run.
     */
    void beginStop(@jakarta.enterprise.event.Observes @jakarta.annotation.Priority(1) io.quarkus.runtime.ShutdownEvent event, JobEngine engine) {
        engine.beginStop();
    }

    void close(@Disposes JobEngine engine) {
        engine.close();
    }
}

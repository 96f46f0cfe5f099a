package io.thinslice.ingest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the DICOM listener is bound and accepting (always, on a node without the {@code receive} role). */
@Readiness
@ApplicationScoped
public class DicomListenerHealth implements HealthCheck {

    @Inject
    DicomReceiver receiver;
    @Inject
    DicomConfig config;

    @Override
    public HealthCheckResponse call() {
        if (!receiver.receives()) {
            // Nothing to wait for: this node opens no DICOM port (thinslice.node.roles has no receive).
            return HealthCheckResponse.named("dicom-listener").up().withData("listening", false)
                    .withData("reason", "thinslice.node.roles has no receive").build();
        }
        return HealthCheckResponse.named("dicom-listener").status(receiver.isListening())
                .withData("aeTitle", config.aeTitle()).withData("port", receiver.port())
                .withData("tlsPort", receiver.tlsPort()).build();
    }
}

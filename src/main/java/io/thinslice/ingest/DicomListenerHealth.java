package io.thinslice.ingest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the DICOM listener is bound and accepting. */
@Readiness
@ApplicationScoped
public class DicomListenerHealth implements HealthCheck {

    @Inject
    DicomReceiver receiver;
    @Inject
    DicomConfig config;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("dicom-listener").status(receiver.isListening())
                .withData("aeTitle", config.aeTitle()).withData("port", receiver.port())
                .withData("tlsPort", receiver.tlsPort()).build();
    }
}

package io.thinslice.series;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * The readiness check {@code thinslice-job-store}: DOWN while the job store cannot record a new instance (PostgreSQL
 * did not answer the engine's last look, once a second), so a load balancer sends new studies elsewhere. Read from
 * the engine, not by a query of its own: a probe never waits on an unreachable database. Not on liveness: restarting
 * the node does not bring the database back. Always UP with the file store.
 */
@Readiness
@ApplicationScoped
public class JobStoreHealth implements HealthCheck {

    @Inject
    JobEngine engine;
    @Inject
    JobsConfig config;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("thinslice-job-store").status(engine.recording()).withData("store", config.store()).build();
    }
}

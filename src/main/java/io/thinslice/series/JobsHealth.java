package io.thinslice.series;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.health.api.Wellness;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * The {@code thinslice-jobs} health check and its two gauges: red when the most recent runs all failed or the queue is
 * stuck. A wellness check, so it shows on {@code /q/health} and {@code /q/health/well} but neither on readiness (a node
 * whose destination is down should keep receiving) nor on liveness (a restart does not mend a failing destination, and
 * the failures are read from the job records, so an orchestrator would restart the node in a loop).
 */
@Wellness
@ApplicationScoped
public class JobsHealth implements HealthCheck {

    @Inject
    JobEngine engine;
    @Inject
    JobsConfig config;
    @Inject
    MeterRegistry meters;

    /** Checks the settings (a bad value stops the start) and registers the gauges. */
    void onStart(@Observes StartupEvent event) {
        if (config.failingAfter() < 0) {
            throw new IllegalArgumentException("thinslice.jobs.failing-after must be >= 0, was " + config.failingAfter());
        }
        if (config.stuckAfter().isNegative()) {
            throw new IllegalArgumentException("thinslice.jobs.stuck-after must be >= 0, was " + config.stuckAfter());
        }
        Gauge.builder("thinslice.jobs.failing", this, h -> h.status().consecutiveFailures())
                .description("Most recent job runs that failed in a row (0 once one is done)").register(meters);
        Gauge.builder("thinslice.jobs.queue.age", this, h -> h.status().oldestQueued().toMillis() / 1000.0).baseUnit("seconds")
                .description("How long the longest-queued series has waited for or been in synthesis").register(meters);
    }

    JobsStatus status() {
        return engine.status(config.failingAfter(), config.stuckAfter());
    }

    @Override
    public HealthCheckResponse call() {
        JobsStatus s = status();
        return HealthCheckResponse.named("thinslice-jobs").status(s.healthy())
                .withData("failing", s.failing()).withData("consecutiveFailures", s.consecutiveFailures())
                .withData("failingAfter", s.failingAfter())
                .withData("stuck", s.stuck()).withData("oldestQueuedSeconds", s.oldestQueued().toSeconds())
                .withData("stuckAfterSeconds", s.stuckAfter().toSeconds()).build();
    }
}

package io.thinslice.web;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.MemorySize;
import io.thinslice.ingest.LimitsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Stops the start on STOW-RS limits that cannot work. {@code quarkus.http.limits.max-body-size} bounds every HTTP body
 * and answers 413 without a problem body, before the request reaches the node: the STOW-RS limit must lie within it,
 * or a request between the two would get that bare answer instead of ours.
 */
@ApplicationScoped
public class StowLimitsCheck {

    static final String HTTP_MAX_BODY = "quarkus.http.limits.max-body-size";

    void check(@Observes StartupEvent event, LimitsConfig limits) {
        long stow = limits.stowMaxRequestSize().asLongValue();
        if (stow < 1) {
            throw new IllegalArgumentException("thinslice.limits.stow-max-request-size must be positive, was " + stow);
        }
        if (limits.stowMaxParts() < 1) {
            throw new IllegalArgumentException("thinslice.limits.stow-max-parts must be at least 1, was " + limits.stowMaxParts());
        }
        Optional<MemorySize> http = ConfigProvider.getConfig().getOptionalValue(HTTP_MAX_BODY, MemorySize.class);
        if (http.isPresent() && stow > http.get().asLongValue()) {
            throw new IllegalArgumentException("thinslice.limits.stow-max-request-size (" + stow + " bytes) must not exceed " + HTTP_MAX_BODY
                    + " (" + http.get().asLongValue() + " bytes): raise that one too");
        }
    }
}

package io.thinslice.web;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;

/**
 * Who may reach the HTTP server. Authentication itself is Quarkus OIDC's ({@code quarkus.oidc.auth-server-url}, README
 * "Security"); these settings say what happens around it. Read before the mappings exist by {@link HttpDefaults}.
 */
@ConfigMapping(prefix = "thinslice.http")
public interface HttpConfig {

    /**
     * Without an identity provider the HTTP server listens on 127.0.0.1 only; {@code true} lets
     * {@code quarkus.http.host} name another address (0.0.0.0 in the container image), so that anyone who reaches
     * the port reads every served series and pushes instances in.
     */
    @WithDefault("false")
    @WithConverter(DicomWebConfig.TrueOrFalse.class)
    boolean unauthenticatedNetworkAccess();

    /**
     * Who may read {@code /q/metrics} when OIDC is on: {@code open} (anyone, as {@code /q/health}), or a role such as
     * {@code thinslice-read} or {@code thinslice-admin} that the bearer token must carry.
     */
    @WithDefault("open")
    String metricsAccess();
}

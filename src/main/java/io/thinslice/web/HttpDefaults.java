package io.thinslice.web;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Quarkus settings that follow from the node's own, as defaults below every source a user writes (properties files,
 * environment, {@code -D}): the HTTP host is 127.0.0.1 and OIDC's default tenant is off unless an identity provider is configured, and with one
 * {@code /q/metrics} takes the role {@code thinslice.http.metrics-access} names. Registered through
 * {@code META-INF/services/io.smallrye.config.ConfigSourceFactory}.
 */
public final class HttpDefaults implements ConfigSourceFactory {

    /** Above Quarkus' built-in defaults, below application.properties (250) and everything a user sets. */
    static final int ORDINAL = 150;

    @Override
    public Iterable<org.eclipse.microprofile.config.spi.ConfigSource> getConfigSources(ConfigSourceContext context) {
        // Quarkus also runs this factory at build time and keeps what it gave as runtime defaults (below this source), so
        // each value is given again here both ways; only a tenant-enabled a user wrote (above this source) counts.
        ConfigValue tenant = context.getValue("quarkus.oidc.tenant-enabled");
        boolean oidc = oidcConfigured(context.getValue("quarkus.oidc.auth-server-url").getValue(),
                tenant.getValue() != null && tenant.getSourceOrdinal() > ORDINAL ? tenant.getValue() : null);
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("quarkus.http.host", oidc ? "0.0.0.0" : "127.0.0.1");
        // quarkus-oidc refuses to start without a server URL unless its default tenant is off.
        defaults.put("quarkus.oidc.tenant-enabled", Boolean.toString(oidc));
        ConfigValue metrics = context.getValue("thinslice.http.metrics-access");
        String access = metrics.getValue() == null ? "open" : metrics.getValue().trim();
        if (oidc && !access.equals("open") && !access.isEmpty()) {
            defaults.put("quarkus.http.auth.permission.thinslice-metrics.paths", "/q/metrics,/q/metrics/*");
            defaults.put("quarkus.http.auth.permission.thinslice-metrics.policy", "thinslice-metrics");
            defaults.put("quarkus.http.auth.policy.thinslice-metrics.roles-allowed", access);
        }
        return List.of(new PropertiesConfigSource(defaults, "ThinSlice HTTP defaults", ORDINAL));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }

    /** OIDC is on when its server URL is set and the default tenant is not switched off. */
    static boolean oidcConfigured(String authServerUrl, String tenantEnabled) {
        return authServerUrl != null && !authServerUrl.isBlank() && !"false".equalsIgnoreCase(tenantEnabled == null ? "" : tenantEnabled.trim());
    }
}

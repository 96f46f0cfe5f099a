package io.thinslice.web;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * Says at start who can reach the HTTP server, and refuses to start when it would listen beyond this machine with no
 * authentication and without {@code thinslice.http.unauthenticated-network-access=true}.
 */
@ApplicationScoped
public class HttpExposure {

    private static final Logger LOG = Logger.getLogger(HttpExposure.class.getName());

    void onStart(@Observes StartupEvent event, Config config, HttpConfig http) {
        String host = config.getOptionalValue("quarkus.http.host", String.class).orElse("0.0.0.0");
        int port = config.getOptionalValue("quarkus.http.port", Integer.class).orElse(8080);
        String issuer = config.getOptionalValue("quarkus.oidc.auth-server-url", String.class).orElse(null);
        boolean oidc = HttpDefaults.oidcConfigured(issuer, config.getOptionalValue("quarkus.oidc.tenant-enabled", String.class).orElse(null));
        String where = host + ":" + port;
        if (oidc) {
            LOG.info("HTTP on " + where + ": /dicom-web and /api take bearer tokens from " + issuer + " (roles thinslice-read, "
                    + "thinslice-write, thinslice-admin); /q/metrics: " + http.metricsAccess());
        } else if (loopback(host)) {
            LOG.info("HTTP on " + where + " only, without authentication (no quarkus.oidc.auth-server-url): other machines cannot "
                    + "reach it. Configure OIDC, or set thinslice.http.unauthenticated-network-access=true with quarkus.http.host, "
                    + "to serve the network");
        } else if (http.unauthenticatedNetworkAccess()) {
            LOG.warning("HTTP on " + where + " WITHOUT authentication (thinslice.http.unauthenticated-network-access=true): "
                    + "whoever reaches this port reads every served series and stores instances");
        } else {
            throw new IllegalStateException("quarkus.http.host=" + host + " would open the HTTP server beyond this machine without "
                    + "authentication: configure OIDC (quarkus.oidc.auth-server-url), or set "
                    + "thinslice.http.unauthenticated-network-access=true to allow it, or listen on 127.0.0.1");
        }
    }

    /** 127.0.0.1, ::1, localhost; a name that does not resolve counts as not loopback (refused rather than guessed). */
    static boolean loopback(String host) {
        try {
            String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
            for (InetAddress a : InetAddress.getAllByName(h)) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}

package io.thinslice.web;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import java.util.Optional;

/**
 * With OIDC on, every request to {@code /dicom-web} and {@code /api} needs a valid bearer token carrying the role of
 * what it does ({@link #requiredRole}); otherwise 401 (no token, or a bad or expired one) or 403 (valid token, wrong
 * role), as problem bodies like the node's other errors. Authentication is lazy ({@code quarkus.http.auth.proactive=false})
 * so that a bad token reaches this filter instead of ending in an empty 401 before it. Without OIDC the filter lets
 * everything through: the server then listens on 127.0.0.1 ({@link HttpExposure}).
 */
public class AccessControl {

    private static final Logger LOG = Logger.getLogger(AccessControl.class.getName());
    static final String READ = "thinslice-read";
    static final String WRITE = "thinslice-write";
    static final String ADMIN = "thinslice-admin";

    @Inject
    CurrentIdentityAssociation identities;
    @ConfigProperty(name = "quarkus.oidc.auth-server-url")
    Optional<String> authServerUrl;
    @ConfigProperty(name = "quarkus.oidc.tenant-enabled", defaultValue = "true")
    String tenantEnabled;

    @ServerRequestFilter
    public Uni<Response> check(ContainerRequestContext request) {
        if (!HttpDefaults.oidcConfigured(authServerUrl.orElse(null), tenantEnabled)) {
            return null;
        }
        String role = requiredRole(request.getMethod(), request.getUriInfo().getPath());
        String what = request.getMethod() + " " + request.getUriInfo().getPath();
        return identities.getDeferredIdentity().onItemOrFailure().transform((identity, failure) -> {
            if (failure != null) {
                LOG.fine(() -> what + ": token refused: " + failure);
                return unauthorized(failure instanceof AuthenticationFailedException
                        ? "the bearer token is not valid (expired, not signed by the identity provider, or for another audience)"
                        : "the bearer token could not be checked: " + failure.getMessage());
            }
            if (identity == null || identity.isAnonymous()) {
                return unauthorized("this node needs an OpenID Connect bearer token (Authorization: Bearer ...)");
            }
            if (!identity.hasRole(role)) {
                return DicomWebResource.problem(403, "Forbidden", what + " needs the role " + role + "; the token of "
                        + identity.getPrincipal().getName() + " does not carry it");
            }
            return null;
        });
    }

    /**
     * The role a request needs. Every request this filter sees goes to one of the node's resources (health and metrics
     * are not resources), so none goes without a role: what is not STOW-RS or a read is an admin action. Matrix
     * parameters are dropped first, so that {@code /api;x=1/jobs} is the door of {@code /api/jobs}.
     */
    static String requiredRole(String method, String path) {
        String p = (path.startsWith("/") ? path : "/" + path).replaceAll(";[^/]*", "");
        boolean dicomWeb = p.equals("/dicom-web") || p.startsWith("/dicom-web/");
        if (dicomWeb && method.equalsIgnoreCase("POST")) {
            return WRITE;
        }
        return method.equalsIgnoreCase("GET") || method.equalsIgnoreCase("HEAD") ? READ : ADMIN;
    }

    private static Response unauthorized(String detail) {
        Response p = DicomWebResource.problem(401, "Unauthorized", detail);
        return Response.fromResponse(p).header("WWW-Authenticate", "Bearer").build();
    }
}

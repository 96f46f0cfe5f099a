package io.thinslice.web;

import io.thinslice.ingest.NodeRoles;
import io.thinslice.series.NodeConfig.Role;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.util.function.Predicate;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * DICOMweb by role ({@code thinslice.node.roles}): STOW-RS needs {@code receive}, QIDO-RS and WADO-RS need
 * {@code dicomweb}. A node without the role answers 501 Not Implemented with a problem body naming the setting: the
 * request is fine, this node does not offer the service (a permanent answer, unlike 503; nothing to retry here, send it
 * to a node that has the role). The admin API ({@code /api}) and {@code /q/*} are on every node. Runs after
 * {@link AccessControl}, so an unauthenticated caller learns nothing of the node's roles.
 */
public class RoleGate {

    @Inject
    NodeRoles roles;

    @ServerRequestFilter(priority = Priorities.USER + 10)
    public Response check(ContainerRequestContext request) {
        return refusal(request.getMethod(), request.getUriInfo().getPath(), roles::has);
    }

    /** The answer to a request that needs a role this node lacks; null when it may go on. */
    static Response refusal(String method, String path, Predicate<Role> has) {
        String p = (path.startsWith("/") ? path : "/" + path).replaceAll(";[^/]*", "");
        if (!p.equals("/dicom-web") && !p.startsWith("/dicom-web/")) {
            return null;
        }
        boolean store = method.equalsIgnoreCase("POST");
        Role needed = store ? Role.RECEIVE : Role.DICOMWEB;
        if (has.test(needed)) {
            return null;
        }
        String service = store ? "STOW-RS" : "QIDO-RS and WADO-RS";
        String role = needed.name().toLowerCase(java.util.Locale.ROOT);
        return DicomWebResource.problem(501, "Not Implemented", service + (store ? " is" : " are") + " not offered by this node: thinslice.node.roles has no " + role
                + "; send the request to a node with the " + role + " role");
    }
}

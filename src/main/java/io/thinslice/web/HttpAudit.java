package io.thinslice.web;

import io.thinslice.audit.AuditEvents;
import io.thinslice.audit.AuditMessage;
import io.thinslice.audit.AuditTrail;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;

/**
 * Audits HTTP requests from the routing layer, before any filter or resource can answer them, so that every answer is
 * seen however it was made (a resource, an authentication mechanism, the CORS filter): each 401 and 403 of
 * {@code /dicom-web/**} and {@code /api/**}, each QIDO-RS search (Query) and each WADO-RS retrieval (DICOM Instances
 * Transferred). STOW-RS and job deletion are audited by their resources, which know what was stored or deleted.
 */
@ApplicationScoped
public class HttpAudit {

    @Inject
    AuditTrail trail;
    @Inject
    AuditEvents events;

    void install(@Observes Router router) {
        if (!trail.enabled()) {
            return;
        }
        router.route().order(Integer.MIN_VALUE).handler(rc -> {
            String path = rc.request().path();
            if (path != null && (path.startsWith("/dicom-web") || path.startsWith("/api"))) {
                rc.addHeadersEndHandler(v -> audit(rc));
            }
            rc.next();
        });
    }

    private void audit(RoutingContext rc) {
        try {
            int status = rc.response().getStatusCode();
            String method = rc.request().method().name();
            String uri = rc.request().uri();
            AuditEvents.Peer client = client(rc);
            if (status == 401 || status == 403) {
                trail.record(events.httpRefused(client, status, method, uri));
                return;
            }
            if (!method.equals("GET")) {
                return;
            }
            Request r = classify(rc.request().path());
            if (r == null) {
                return;
            }
            int outcome = status < 400 ? AuditMessage.SUCCESS : status < 500 ? AuditMessage.MINOR_FAILURE : 8;
            if (r.query()) {
                trail.record(events.query(client, uri, outcome));
            } else {
                trail.record(events.retrieved(client, uri, List.of(new AuditEvents.SeriesInstances(r.study(), r.series() == null ? "(all)" : r.series(),
                        Map.of())), outcome, status < 400 ? null : "HTTP " + status));
            }
        } catch (RuntimeException e) {
            // Auditing never breaks a response.
            java.util.logging.Logger.getLogger(HttpAudit.class.getName()).warning("HTTP audit failed: " + e.getClass().getSimpleName());
        }
    }

    private static AuditEvents.Peer client(RoutingContext rc) {
        String host = rc.request().remoteAddress() == null ? null : rc.request().remoteAddress().hostAddress();
        String user = null;
        try {
            if (rc.user() != null) {
                user = rc.user().subject();
            }
        } catch (RuntimeException ignored) {
            // no user name to give
        }
        return new AuditEvents.Peer(user == null || user.isBlank() ? host : user, host);
    }

    /** A QIDO-RS or WADO-RS request, read from its path; null for anything else. */
    record Request(boolean query, String study, String series) {
    }

    static Request classify(String path) {
        if (!path.startsWith("/dicom-web/")) {
            return null;
        }
        String[] s = path.substring("/dicom-web/".length()).split("/");
        if (s.length == 1 && (s[0].equals("studies") || s[0].equals("series") || s[0].equals("instances"))) {
            return new Request(true, null, null);
        }
        if (s.length < 2 || !s[0].equals("studies") || s[1].isEmpty()) {
            return null;
        }
        boolean search = s.length == 3 && (s[2].equals("series") || s[2].equals("instances"))
                || s.length == 5 && s[2].equals("series") && s[4].equals("instances");
        if (search) {
            return new Request(true, s[1], s.length == 5 ? s[3] : null);
        }
        return new Request(false, s[1], s.length >= 4 && s[2].equals("series") ? s[3] : null);
    }
}

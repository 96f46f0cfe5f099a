package io.thinslice.web;

import io.thinslice.audit.AuditEvents;
import io.thinslice.audit.AuditTrail;
import io.thinslice.series.Job;
import io.thinslice.series.JobActionRefused;
import io.thinslice.series.JobEngine;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.List;

/** Admin API: one job per received series; an operator can retry a failed one or delete one with its files. */
@Path("/api/jobs")
@Produces(MediaType.APPLICATION_JSON)
public class JobsResource {

    @Inject
    JobEngine engine;
    @Inject
    AuditTrail audit;
    @Inject
    AuditEvents auditEvents;
    @jakarta.ws.rs.core.Context
    io.vertx.core.http.HttpServerRequest request;

    @GET
    public List<Job> list() {
        return engine.jobs();
    }

    @GET
    @Path("{id}")
    public Response get(@PathParam("id") String id) {
        return engine.job(id).map(j -> Response.ok(j).build())
                .orElseGet(() -> DicomWebResource.problem(404, "Not Found", "no job with id " + id));
    }

    /** 202 with the queued job: the run happens in the background, behind the series already queued. */
    @POST
    @Path("{id}/retry")
    public Response retry(@PathParam("id") String id) {
        try {
            return Response.accepted(engine.retry(id)).type(MediaType.APPLICATION_JSON).build();
        } catch (JobActionRefused e) {
            return refused(e);
        }
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        try {
            java.util.Optional<Job> before = engine.job(id);
            engine.forget(id);
            if (audit.enabled() && before.isPresent()) {
                String host = request == null || request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
                for (var series : io.thinslice.series.JobAudit.deletedBy(before.get())) {
                    audit.record(auditEvents.deleted(new AuditEvents.Peer(host, host), series,
                            "deleted by DELETE /api/jobs/" + id));
                }
            }
            return Response.noContent().build();
        } catch (JobActionRefused e) {
            return refused(e);
        } catch (IOException | RuntimeException e) {
            return DicomWebResource.problem(500, "Internal Server Error", "deleting job " + id + " failed: " + e.getMessage());
        }
    }

    private static Response refused(JobActionRefused e) {
        return switch (e.why()) {
            case UNKNOWN -> DicomWebResource.problem(404, "Not Found", e.getMessage());
            case CONFLICT -> DicomWebResource.problem(409, "Conflict", e.getMessage());
        };
    }
}
